// Use-case: every figure of a petition's dashboard, read on one snapshot (repeatable read, read only) so
// the numbers agree with each other: the states of its signatures, made and confirmed per day, the
// counted signatures by country and per member state against the ECI-style minimums, and the panels
// other capabilities add.
import type { Db } from '../db/knex.ts';
import { memberStateProgress, type MemberStateProgress } from '../reports/index.ts';
import type { PetitionHeading } from '../petitions/index.ts';
import { countedCells, createdPerDay, stateTotals } from './dashboard.repo.ts';

export interface DayFigures {
  readonly day: string;
  /** Signatures made that day. */
  readonly created: number;
  /** Counted signatures confirmed that day (what the public count grew by). */
  readonly counted: number;
  /**
   * counted / created, or null when none was made. Most signers confirm within minutes, so a day's
   * confirmations follow its signatures; a rate far below the usual one means mail trouble.
   */
  readonly rate: number | null;
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

export function combineDays(createdByDay: ReadonlyMap<string, number>, countedByDay: ReadonlyMap<string, number>): DayFigures[] {
  const known = [...createdByDay.keys(), ...countedByDay.keys()].sort();
  if (known.length === 0) return [];
  return everyDay(known[0]!, known[known.length - 1]!).map((day) => {
    const created = createdByDay.get(day) ?? 0;
    const counted = countedByDay.get(day) ?? 0;
    return { day, created, counted, rate: created > 0 ? counted / created : null };
  });
}

export async function loadDashboard(deps: { db: Db }, petition: PetitionHeading): Promise<Dashboard> {
  const [created, cells, states] = await deps.db.transaction(
    async (trx) => [await createdPerDay(trx, petition.id), await countedCells(trx, petition.id), await stateTotals(trx, petition.id)] as const,
    { isolationLevel: 'repeatable read', readOnly: true },
  );
  const byCountry: Record<string, number> = {};
  const countedByDay = new Map<string, number>();
  let confirmed = 0;
  for (const cell of cells) {
    confirmed += cell.n;
    byCountry[cell.country] = (byCountry[cell.country] ?? 0) + cell.n;
    countedByDay.set(cell.day, (countedByDay.get(cell.day) ?? 0) + cell.n);
  }
  const progress = memberStateProgress(byCountry);
  return {
    totals: { confirmed, ...states, created: [...created.values()].reduce((a, b) => a + b, 0) },
    days: combineDays(created, countedByDay),
    byCountry,
    memberStates: progress.states,
    statesPastMinimum: progress.pastMinimum,
  };
}
