// Use-case: the hearing report of one petition: the counted signatures (confirmed and valid, as the
// public API counts them) by EU member state against its ECI-style minimum, by other country and by day;
// what was not counted and why; the flags on counted signatures; and the ledger with its digest. Every
// figure is read from one read-only snapshot, so the totals, the tables and the digest agree. Each report
// made is audit-logged (who, which petition, format, language, period, how many, the digest's start).
import type { Clock } from '../container.ts';
import type { Db } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { Secrets } from '../secrets.ts';
import { audit } from '../admin/index.ts';
import { MEMBER_STATES } from './eu-seats.ts';
import { buildLedger, ledgerKey, type Ledger } from './ledger.ts';
import { findPetitionHeading, type PetitionHeading } from '../petitions/index.ts';
import { countedGroups, countersTotal, flagCounts, moderationActions, notCounted, type CountedGroup, type ModerationActions, type NotCounted, type Period } from './report.repo.ts';

export type ReportFormat = 'csv' | 'json' | 'pdf';
export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'json', 'pdf'];

export interface ReportDeps {
  readonly db: Db;
  /** The pool without the request statement timeout (AppDeps.bulkDb): these reads can take minutes. */
  readonly bulkDb: Db;
  readonly secrets: Pick<Secrets, 'lookupKey'>;
  readonly clock: Clock;
}

export interface ReportInput {
  readonly slug: string;
  readonly lang: Lang;
  readonly period: Period;
  readonly format: ReportFormat;
  readonly includeLedger: boolean;
  /** The audit log's actor (adminActor(res) or CLI_ACTOR). */
  readonly actor: string;
}

export interface MemberStateRow {
  readonly country: string;
  readonly signatures: number;
  readonly seats: number;
  readonly minimum: number;
  readonly reached: boolean;
}

export interface CountryRow {
  readonly country: string;
  readonly signatures: number;
}

export interface DayRow {
  readonly day: string;
  readonly signatures: number;
  readonly cumulative: number;
}

export interface HearingReport {
  readonly petition: PetitionHeading;
  readonly lang: Lang;
  readonly generatedAt: Date;
  readonly period: Period;
  /** The latest confirmation counted (null: none). */
  readonly highestConfirmedAt: Date | null;
  readonly total: number;
  /** All 27, most signatures first. */
  readonly memberStates: readonly MemberStateRow[];
  readonly euSubtotal: number;
  readonly statesPastMinimum: number;
  /** Countries outside the EU with signatures, most first. */
  readonly others: readonly CountryRow[];
  readonly othersSubtotal: number;
  readonly byDay: readonly DayRow[];
  readonly flagged: readonly { flag: string; signatures: number }[];
  readonly notCounted: NotCounted;
  readonly moderation: readonly ModerationActions[];
  /** The live counters' total, and whether it equals this report's (null when a period is chosen). */
  readonly counters: { readonly total: number; readonly matches: boolean | null };
  readonly ledger: Ledger;
}

const bySignatures = <T extends CountryRow>(a: T, b: T) => b.signatures - a.signatures || a.country.localeCompare(b.country);

function tally(groups: readonly CountedGroup[]) {
  const byCountry = new Map<string, number>();
  const byDay = new Map<string, number>();
  let last: Date | null = null;
  for (const g of groups) {
    byCountry.set(g.country, (byCountry.get(g.country) ?? 0) + g.count);
    byDay.set(g.day, (byDay.get(g.day) ?? 0) + g.count);
    if (!last || g.last > last) last = g.last;
  }
  let running = 0;
  const days = [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, signatures]) => ({ day, signatures, cumulative: (running += signatures) }));
  return { byCountry, days, last };
}

export async function buildHearingReport(deps: ReportDeps, input: ReportInput): Promise<HearingReport | undefined> {
  const generatedAt = deps.clock.now();
  const read = await deps.bulkDb.transaction(
    async (trx) => {
      const petition = await findPetitionHeading(trx, input.slug, input.lang);
      if (!petition) return undefined;
      const [groups, flagged, excluded, moderation, counters] = [
        await countedGroups(trx, petition.id, input.period),
        await flagCounts(trx, petition.id, input.period),
        await notCounted(trx, petition.id, input.period),
        await moderationActions(trx, petition.id),
        await countersTotal(trx, petition.id),
      ];
      return { petition, groups, flagged, excluded, moderation, counters };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
  if (!read) return undefined;
  const { petition, groups } = read;
  const { byCountry, days, last } = tally(groups);
  const memberStates = [...MEMBER_STATES.values()]
    .map((s) => ({ country: s.country, signatures: byCountry.get(s.country) ?? 0, seats: s.seats, minimum: s.minimum, reached: (byCountry.get(s.country) ?? 0) >= s.minimum }))
    .sort(bySignatures);
  const others = [...byCountry].filter(([c]) => !MEMBER_STATES.has(c)).map(([country, signatures]) => ({ country, signatures })).sort(bySignatures);
  const total = groups.reduce((n, g) => n + g.count, 0);
  const ledger = await buildLedger(ledgerKey(deps.secrets.lookupKey), petition.id, groups);
  const filtered = input.period.from !== null || input.period.to !== null;
  const report: HearingReport = {
    petition,
    lang: input.lang,
    generatedAt,
    period: input.period,
    highestConfirmedAt: last,
    total,
    memberStates,
    euSubtotal: memberStates.reduce((n, s) => n + s.signatures, 0),
    statesPastMinimum: memberStates.filter((s) => s.reached).length,
    others,
    othersSubtotal: others.reduce((n, c) => n + c.signatures, 0),
    byDay: days,
    flagged: read.flagged,
    notCounted: read.excluded,
    moderation: read.moderation,
    counters: { total: read.counters, matches: filtered ? null : read.counters === total },
    ledger,
  };
  await audit(deps.db, {
    actor: input.actor,
    action: 'report.generated',
    subject: `petition:${petition.slug}`,
    details: { format: input.format, lang: input.lang, from: input.period.from, to: input.period.to, ledger: input.includeLedger, signatures: total, digest: ledger.digest.slice(0, 16) },
    at: generatedAt,
  });
  return report;
}
