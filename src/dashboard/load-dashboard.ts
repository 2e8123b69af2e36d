// Use-case: every figure of a petition's dashboard, read on one snapshot (repeatable read, read only) so
// the numbers agree with each other: the states of its signatures, created and confirmed per day, the
// counted signatures by country and per member state against the ECI-style minimums, and the panels
// other capabilities add.
import type { Db } from '../db/knex.ts';
import { memberStateProgress, type MemberStateProgress } from '../reports/index.ts';
import { countedCells, createdPerDay, type CreatedDay, type DashboardPetition } from './dashboard.repo.ts';

export interface DayFigures {
  readonly day: string;
  /** Signatures created that day, and how many of them are now confirmed (and valid). */
  readonly created: number;
  readonly confirmedOfCreated: number;
  /** confirmedOfCreated / created, or null when none was created. */
  readonly rate: number | null;
  /** Counted signatures confirmed that day (what the public count grew by). */
  readonly counted: number;
}

export interface Dashboard {
  readonly totals: { readonly confirmed: number; readonly pending: number; readonly withdrawn: number; readonly invalidated: number; readonly created: number };
  /** Every UTC day from the first signature to the last, oldest first (days without any at zero). */
  readonly days: readonly DayFigures[];
  readonly byCountry: Readonly<Record<string, number>>;
  readonly memberStates: readonly MemberStateProgress[];
  readonly statesPastMinimum: number;
}

const DAY_MS = 86_400_000;

function everyDay(first: string, last: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(`${first}T00:00:00Z`); at <= Date.parse(`${last}T00:00:00Z`); at += DAY_MS) out.push(new Date(at).toISOString().slice(0, 10));
  return out;
}

export function combineDays(created: readonly CreatedDay[], countedByDay: ReadonlyMap<string, number>): DayFigures[] {
  const byDay = new Map(created.map((c) => [c.day, c]));
  const known = [...byDay.keys(), ...countedByDay.keys()].sort();
  if (known.length === 0) return [];
  return everyDay(known[0]!, known[known.length - 1]!).map((day) => {
    const c = byDay.get(day);
    const made = c?.created ?? 0;
    return { day, created: made, confirmedOfCreated: c?.confirmed ?? 0, rate: made > 0 ? (c?.confirmed ?? 0) / made : null, counted: countedByDay.get(day) ?? 0 };
  });
}

export async function loadDashboard(deps: { db: Db }, petition: DashboardPetition): Promise<Dashboard> {
  const [created, cells] = await deps.db.transaction(async (trx) => [await createdPerDay(trx, petition.id), await countedCells(trx, petition.id)] as const, { isolationLevel: 'repeatable read', readOnly: true });
  const byCountry: Record<string, number> = {};
  const countedByDay = new Map<string, number>();
  let confirmed = 0;
  for (const cell of cells) {
    confirmed += cell.n;
    byCountry[cell.country] = (byCountry[cell.country] ?? 0) + cell.n;
    countedByDay.set(cell.day, (countedByDay.get(cell.day) ?? 0) + cell.n);
  }
  const sum = (pick: (c: CreatedDay) => number) => created.reduce((total, c) => total + pick(c), 0);
  const progress = memberStateProgress(byCountry);
  return {
    totals: { confirmed, pending: sum((c) => c.pending), withdrawn: sum((c) => c.withdrawn), invalidated: sum((c) => c.invalidated), created: sum((c) => c.created) },
    days: combineDays(created, countedByDay),
    byCountry,
    memberStates: progress.states,
    statesPastMinimum: progress.pastMinimum,
  };
}
