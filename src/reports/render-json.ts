// The hearing report as JSON, written as a stream of chunks (with ?include=ledger a million ledger
// entries would otherwise be one 60 MB string). The digest's format is spelt out in the file itself, so
// anyone holding it can recompute the digest from the ledger without reading our code.
import type { HearingReport } from './build-report.ts';
import { LEDGER_FORMAT } from './ledger.ts';
import type { ReportWords } from './present-report.ts';

export const DIGEST_SPEC = {
  format: LEDGER_FORMAT,
  line: '<id>,<country>,<day>\\n',
  fields: {
    id: '32 lowercase hexadecimal digits: the signature’s opaque id (AES-256 of the petition id and the signature id under a key only the platform holds): stable from one report to the next, unique, and unlinkable to a person or a database row without that key',
    country: 'ISO 3166-1 alpha-2 code chosen by the signer, upper case',
    day: 'UTC day of the confirmation, YYYY-MM-DD',
  },
  order: 'the lines sorted in ascending byte order (the ids are unique)',
  digest: 'lowercase hexadecimal SHA-256 of all the lines concatenated, each ending with a line feed (0x0A), in ASCII, with nothing before, between or after them; no signatures gives the SHA-256 of nothing',
} as const;

/** The report without its ledger, as a plain object (key order is the file's). */
export function reportDocument(report: HearingReport, w: ReportWords, ledgerUrl: string) {
  const t = w.t;
  return {
    format: 'dauys-hearing-report',
    version: 1,
    lang: report.lang,
    title: t('reports.report.title'),
    petition: { slug: report.petition.slug, title: report.petition.title, goal: report.petition.goal },
    generatedAt: report.generatedAt.toISOString(),
    period: { from: report.period.from, to: report.period.to, text: w.period },
    data: { latestConfirmation: report.highestConfirmedAt?.toISOString() ?? null, text: w.data },
    totals: {
      confirmed: report.total,
      euMemberStates: report.euSubtotal,
      otherCountries: report.othersSubtotal,
      memberStatesPastMinimum: report.statesPastMinimum,
      memberStates: report.memberStates.length,
    },
    byCountry: {
      euMemberStates: report.memberStates.map((s) => ({ country: s.country, name: w.country(s.country), signatures: s.signatures, seats: s.seats, eciStyleMinimum: s.minimum, pastMinimum: s.reached })),
      otherCountries: report.others.map((c) => ({ country: c.country, name: w.country(c.country), signatures: c.signatures })),
    },
    byDay: report.byDay,
    method: {
      doubleOptIn: t('reports.report.doubleOptIn'),
      deduplication: t('reports.report.dedup'),
      notAnEci: t('reports.report.notAnEci'),
      countries: t('reports.report.countries'),
      invalidated: {
        signatures: report.notCounted.invalidated,
        text: w.invalidated,
        recorded: report.moderation.map((m, i) => ({ action: m.kind, reason: m.reason, reasonText: w.moderation[i]!.reason, times: m.actions, signatures: m.signatures })),
      },
      notCounted: { pending: report.notCounted.pending, withdrawn: report.notCounted.withdrawn, text: w.notCounted },
      flaggedButCounted: {
        text: report.flagged.length > 0 ? t('reports.report.flaggedIntro') : t('reports.report.flaggedNone'),
        flags: report.flagged.map((f) => ({ flag: f.flag, label: w.flag(f.flag), signatures: f.signatures })),
      },
      countersCheck: { liveCounters: report.counters.total, matches: report.counters.matches, text: w.counters ?? null },
    },
    digest: {
      algorithm: 'SHA-256',
      value: report.ledger.digest,
      lines: report.ledger.size,
      ...DIGEST_SPEC,
      howToVerify: t('reports.report.digestHowTo'),
      ledger: ledgerUrl,
    },
  };
}

/** The JSON file in chunks; with the ledger, one entry per line at the end. */
export function* reportJsonChunks(report: HearingReport, w: ReportWords, options: { includeLedger: boolean; ledgerUrl: string }): Generator<string> {
  const head = JSON.stringify(reportDocument(report, w, options.ledgerUrl), null, 2);
  if (!options.includeLedger) {
    yield `${head}\n`;
    return;
  }
  yield `${head.slice(0, head.lastIndexOf('\n}'))},\n  "ledger": [`;
  let chunk = '';
  let first = true;
  for (const entry of report.ledger.entries()) {
    chunk += `${first ? '' : ','}\n    {"id":"${entry.id}","country":"${entry.country}","day":"${entry.day}"}`;
    first = false;
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n  ]\n}\n`;
}
