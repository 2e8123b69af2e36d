// Job: for a stored request, looks the address up in every erasure hook; if anything is held, mints a
// link (a random 256-bit token, only its SHA-256 kept, valid an hour) and emails it in the language the
// form was used in; if nothing is, sends nothing. Either way the request row (the encrypted address) is
// then deleted. The Message-ID is fixed per request and each send recorded, so a retry never sends twice.
import { countByHash } from '../erasure/index.ts';
import { decrypt, randomToken, sha256 } from '../lib/crypto.ts';
import { MailError } from '../mail/mailer.ts';
import { renderEmail } from '../mail/render-email.ts';
import type { MyDataDeps } from './my-data-deps.ts';
import { myDataErasure } from './my-data-erasure.ts';
import { LINK_MINUTES } from './my-data-jobs.ts';
import { deleteRequest, findRequest, insertToken } from './my-data.repo.ts';

export async function sendMyDataLink(deps: MyDataDeps, requestId: string): Promise<void> {
  const request = await findRequest(deps.db, requestId);
  if (!request) return; // sent already, or erased
  const found = await countByHash(deps, request.emailHash);
  const held = found.filter((f) => f.kind !== myDataErasure.kind).reduce((n, f) => n + f.count, 0);
  const messageId = `<my-data-${requestId}@${new URL(deps.config.baseUrl).hostname}>`;
  const delivered = (await deps.db('email_deliveries').where({ message_id: messageId }).first('message_id')) !== undefined;
  if (held > 0 && !delivered) {
    const now = deps.clock.now();
    const token = randomToken();
    await insertToken(deps.db, { tokenHash: sha256(token), emailHash: request.emailHash, expiresAt: new Date(now.getTime() + LINK_MINUTES * 60_000), now });
    const email = await renderEmail(deps.i18n, 'my-data-link', 'my-data.email.subject', request.lang, { url: `${deps.config.baseUrl}/${request.lang}/my-data/${token}`, minutes: LINK_MINUTES, askUrl: `${deps.config.baseUrl}/${request.lang}/my-data` });
    try {
      await deps.mailer.send({ to: decrypt(deps.secrets.encryptionKey, request.emailEnc), messageId, lang: request.lang, ...email });
      await deps.db('email_deliveries').insert({ message_id: messageId, kind: 'my-data-link' }).onConflict('message_id').ignore();
    } catch (error) {
      if (!(error instanceof MailError && error.permanent)) throw error; // retried; the request stays
      deps.logger.warn({ requestId, reason: error.message }, 'my-data email refused permanently; not retrying');
    }
  }
  await deleteRequest(deps.db, requestId);
}
