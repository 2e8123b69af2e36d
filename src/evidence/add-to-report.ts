// Use-case: the source adds a message and files to their report (after entering the receipt). Encrypted
// to the organisers' keys only, like the first submission: the receipt cannot read back what was sent.
import { dayOf, startOfDay } from './day.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { writeTextPart, type SubmitInput } from './submit-report.ts';
import { appendParts, lockReport, type NewPart } from './reports.repo.ts';

export type AddResult = { kind: 'added' } | { kind: 'gone' };

export async function addToReport(deps: EvidenceDeps, input: SubmitInput & { reportId: string }): Promise<AddResult> {
  const now = deps.clock.now();
  const fileNames = input.files.map((f) => f.storedName);
  let parts: NewPart[] = [];
  try {
    parts = await writeTextPart(deps, { ...input, kind: 'addition' }, now);
    const stored = await deps.db.transaction(async (trx) => {
      if (!(await lockReport(trx, input.reportId))) return false; // expired or deleted meanwhile
      await appendParts(trx, input.reportId, dayOf(now), parts);
      return true;
    });
    if (!stored) {
      await deps.store.discard([...fileNames, ...parts.map((p) => p.storedName)]);
      return { kind: 'gone' };
    }
    await deps.store.commit(parts.map((p) => p.storedName), startOfDay(now));
    return { kind: 'added' };
  } catch (error) {
    await deps.store.discard([...fileNames, ...parts.map((p) => p.storedName)]);
    throw error;
  }
}
