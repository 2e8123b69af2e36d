// Evidence keeps days, never times: what is stored or written about a report carries at most the UTC day.
/** "2026-12-01" for any moment of that UTC day. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Midnight UTC of the day `now` falls in. */
export function startOfDay(now: Date): Date {
  return new Date(`${dayOf(now)}T00:00:00.000Z`);
}

/** The start of the clock-aligned window of `seconds` that `now` falls in (hours, days). */
export function windowStart(now: Date, seconds: number): Date {
  const ms = seconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}
