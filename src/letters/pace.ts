// The per-MEP delivery pace: at most `perHour` letters an hour to one MEP, one every 60/perHour minutes,
// and only in Brussels office hours (Monday to Friday, 09:00–18:00 Europe/Brussels), as Proca spreads its
// mail to targets. The slots live in PostgreSQL (mep_send_pace, one row per MEP, locked while a slot is
// taken), so every app instance shares one schedule; this file is the arithmetic.
export const OFFICE_HOURS = { timeZone: 'Europe/Brussels', firstDay: 1, lastDay: 5, opens: 9, closes: 18 } as const;

const WALL = new Intl.DateTimeFormat('en-GB', {
  timeZone: OFFICE_HOURS.timeZone,
  hourCycle: 'h23',
  weekday: 'short',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

export function brusselsWall(at: Date): Wall {
  const parts = Object.fromEntries(WALL.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second), weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0 };
}

/** The instant when Brussels clocks show this date at `hour`:00. */
function brusselsInstant(year: number, month: number, day: number, hour: number): Date {
  const naive = Date.UTC(year, month - 1, day, hour);
  const offsetAt = (t: number) => {
    const w = brusselsWall(new Date(t));
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - t;
  };
  return new Date(naive - offsetAt(naive - offsetAt(naive)));
}

export function isOfficeTime(at: Date): boolean {
  const w = brusselsWall(at);
  return w.weekday >= OFFICE_HOURS.firstDay && w.weekday <= OFFICE_HOURS.lastDay && w.hour >= OFFICE_HOURS.opens && w.hour < OFFICE_HOURS.closes;
}

/** `at` itself in office hours, else the next opening. */
export function nextOfficeTime(at: Date): Date {
  if (isOfficeTime(at)) return at;
  let w = brusselsWall(at);
  // Today's opening if it is still to come, else tomorrow's (then skip the weekend).
  let opening = brusselsInstant(w.year, w.month, w.day, OFFICE_HOURS.opens);
  for (let i = 0; i < 10 && (opening.getTime() <= at.getTime() || !isOfficeTime(opening)); i += 1) {
    const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1, 12));
    w = { ...w, year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
    opening = brusselsInstant(w.year, w.month, w.day, OFFICE_HOURS.opens);
  }
  return opening;
}

export const spacingMs = (perHour: number): number => Math.round(3_600_000 / perHour);

/**
 * The slot for one more letter to an MEP whose next free slot is `nextFree` (null: none taken yet):
 * not before now, in office hours. Returns the slot and the MEP's next free slot after it.
 */
export function takeSlot(nextFree: Date | null, now: Date, perHour: number): { slot: Date; nextFree: Date } {
  const earliest = nextFree && nextFree > now ? nextFree : now;
  const slot = nextOfficeTime(earliest);
  return { slot, nextFree: new Date(slot.getTime() + spacingMs(perHour)) };
}
