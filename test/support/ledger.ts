// The hearing report's digest, recomputed from its ledger the way the report documents it (README.md,
// digest.* in report.json), with none of the app's code: what any outside verifier would do.
import { createHash } from 'node:crypto';

export interface LedgerEntry {
  readonly id: string;
  readonly country: string;
  readonly day: string;
}

export function recomputeDigest(ledger: readonly LedgerEntry[]): string {
  const lines = ledger.map((e) => `${e.id},${e.country},${e.day}\n`);
  lines.sort(); // ASCII only: JavaScript's code-unit order is byte order
  return createHash('sha256').update(lines.join(''), 'ascii').digest('hex');
}
