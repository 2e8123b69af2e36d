// The results table: each app scenario beside its baseline from the same run, with the targets.
import type { Measurement } from './scenarios.ts';

export interface Row {
  readonly label: string;
  readonly app: Measurement;
  readonly baseline: Measurement;
  /** Minimum app/baseline throughput ratio, if this scenario has one. */
  readonly minRatio?: number;
  readonly maxP99Ms: number;
}

export interface Verdict {
  readonly met: boolean;
  readonly text: string;
}

export function verdict(row: Row): Verdict {
  const misses: string[] = [];
  const ratio = row.app.rps / row.baseline.rps;
  if (row.minRatio !== undefined && !(ratio >= row.minRatio)) misses.push(`ratio<${row.minRatio}`);
  if (!(row.app.p99 < row.maxP99Ms)) misses.push(`p99≥${row.maxP99Ms}ms`);
  if (row.app.errors > 0) misses.push('errors');
  return misses.length === 0 ? { met: true, text: 'yes' } : { met: false, text: `NO (${misses.join(', ')})` };
}

const num = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function resultsTable(rows: Row[]): string {
  return table(
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'baseline req/s', 'ratio', 'target met?', 'server CPU ms/req (app | baseline)'],
    rows.map((row) => [
      row.label,
      num(row.app.rps),
      num(row.app.p50),
      num(row.app.p99),
      String(row.app.errors),
      `${num(row.baseline.rps)} (${row.baseline.name})`,
      `${num(row.app.rps / row.baseline.rps, 2)}x`,
      verdict(row).text,
      `${num(row.app.serverCpuMs, 2)} | ${num(row.baseline.serverCpuMs, 2)}`,
    ]),
  );
}

export function runsTable(measurements: Measurement[]): string {
  return table(
    ['run', 'requests', 'seconds', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/req', 'load generator CPU ms/req'],
    measurements.map((m) => [m.name, String(m.completed), num(m.seconds, 1), num(m.rps), num(m.p50), num(m.p99), String(m.errors), num(m.serverCpuMs, 2), num(m.clientCpuMs, 2)]),
  );
}

export function targetsLine(rows: Row[]): string {
  const parts = rows.map((row) => {
    const ratio = row.minRatio === undefined ? 'no ratio target' : `≥ ${row.minRatio}× baseline`;
    return `${row.label}: ${ratio}, p99 < ${row.maxP99Ms} ms, 0 errors`;
  });
  return `targets: ${parts.join('; ')}`;
}

/** Status codes of a run, e.g. "303×5000" or "303×4990 500×10". */
export const statusSummary = (m: Measurement): string =>
  Object.entries(m.statuses)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ') || 'none';

/** The email drain after the spike beside the raw nodemailer pool of the same run. */
export interface MailRow {
  readonly drain: { readonly count: number; readonly seconds: number; readonly rate: number; readonly drained: boolean; readonly duringSpike: number; readonly spikeSeconds: number };
  readonly raw: { readonly sent: number; readonly errors: number; readonly seconds: number; readonly rate: number; readonly cpuMsPerMail: number; readonly bytes: number };
  /** The same pool at the job thread's priority (nice 10), for comparison only. */
  readonly rawNice?: { readonly rate: number; readonly seconds: number };
  readonly minRatio: number;
}

export function mailVerdict(row: MailRow): Verdict {
  const misses: string[] = [];
  if (!row.drain.drained) misses.push('not drained');
  if (!(row.drain.rate / row.raw.rate >= row.minRatio)) misses.push(`ratio<${row.minRatio}`);
  if (row.raw.errors > 0) misses.push('raw pool errors');
  return misses.length === 0 ? { met: true, text: 'yes' } : { met: false, text: `NO (${misses.join(', ')})` };
}

export function mailTable(row: MailRow): string {
  return table(
    ['email', 'mails/s', 'mails', 'seconds', 'raw nodemailer pool mails/s (5 connections)', 'ratio', 'target met?'],
    [
      [
        `drain after the spike${row.drain.drained ? '' : ' (NOT drained)'}`,
        num(row.drain.rate),
        String(row.drain.count),
        num(row.drain.seconds, 1),
        `${num(row.raw.rate)} (${row.raw.sent} of ${num(row.raw.bytes / 1024, 1)} KiB in ${num(row.raw.seconds, 1)} s, ${num(row.raw.cpuMsPerMail, 2)} ms CPU/mail)`,
        `${num(row.drain.rate / row.raw.rate, 2)}x`,
        mailVerdict(row).text,
      ],
      ...(row.rawNice ? [[`(the same pool at nice 10, as the job thread)`, '', '', '', `${num(row.rawNice.rate)} (${num(row.rawNice.seconds, 1)} s)`, `${num(row.drain.rate / row.rawNice.rate, 2)}x`, 'info']] : []),
      [`during the spike (paced)`, num(row.drain.duringSpike / Math.max(row.drain.spikeSeconds, 0.001)), String(row.drain.duringSpike), num(row.drain.spikeSeconds, 1), '', '', ''],
    ],
  );
}
