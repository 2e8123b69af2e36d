// Use-case: store a new report from a submission whose files are already encrypted on disk (intake.ts).
// It writes the text part, makes the receipt and the source's reply key, stores the rows in one
// transaction and only then makes the files permanent. The receipt is returned to be shown once.
import { randomUUID } from 'node:crypto';
import type { Lang } from '../i18n/languages.ts';
import { dayOf, startOfDay } from './day.ts';
import { encryptTextToFile } from './encrypt-stream.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import type { SubmissionFields } from './evidence.schema.ts';
import type { IntakeFile } from './intake.ts';
import type { RecipientKey } from './keyring.ts';
import { newReceipt, receiptHash } from './receipt.ts';
import { appendParts, insertReport, type NewPart } from './reports.repo.ts';
import { makeSourceKey } from './source-key.ts';
import { renderTextPart } from './submission-text.ts';

export interface SubmitInput {
  readonly lang: Lang;
  readonly fields: SubmissionFields;
  readonly files: readonly IntakeFile[];
  readonly recipients: readonly RecipientKey[];
}

/** The message, then the files, as parts (the text part is written here). Discards everything on failure. */
export async function writeTextPart(deps: EvidenceDeps, input: SubmitInput & { reportId: string; kind: 'first' | 'addition' }, now: Date): Promise<NewPart[]> {
  const fingerprints = input.recipients.map((r) => r.fingerprint);
  const name = deps.store.newName();
  try {
    const text = renderTextPart({ reportId: input.reportId, day: dayOf(now), lang: input.lang, kind: input.kind, fields: input.fields, files: input.files });
    const size = await encryptTextToFile(text, input.recipients, { filename: 'message.txt', day: startOfDay(now) }, deps.store.partialPath(name));
    return [
      { kind: 'message', storedName: name, size, recipients: fingerprints },
      ...input.files.map((f): NewPart => ({ kind: 'file', storedName: f.storedName, size: f.cipherBytes, recipients: fingerprints })),
    ];
  } catch (error) {
    await deps.store.discard([name]);
    throw error;
  }
}

export async function submitReport(deps: EvidenceDeps, input: SubmitInput): Promise<{ receipt: string }> {
  const now = deps.clock.now();
  const day = dayOf(now);
  const reportId = randomUUID();
  const fileNames = input.files.map((f) => f.storedName);
  let parts: NewPart[] = [];
  try {
    parts = await writeTextPart(deps, { ...input, reportId, kind: 'first' }, now);
    const receipt = newReceipt();
    const sourceKey = await makeSourceKey(receipt, startOfDay(now));
    await deps.db.transaction(async (trx) => {
      await insertReport(trx, {
        id: reportId,
        receipt_hash: receiptHash(deps.secrets.receiptKey, receipt),
        received_on: day,
        lang: input.lang,
        source_public_key: sourceKey.publicKey,
        source_key_enc: sourceKey.sealed,
        source_key_salt: sourceKey.salt,
      });
      await appendParts(trx, reportId, day, parts);
    });
    await deps.store.commit(parts.map((p) => p.storedName), startOfDay(now));
    return { receipt };
  } catch (error) {
    await deps.store.discard([...fileNames, ...parts.map((p) => p.storedName)]);
    throw error;
  }
}
