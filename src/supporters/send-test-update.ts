// Use-case: the organiser sends one language of an update to their own address, as a test. Sent at once
// from the request (one message, to the organiser, not through the queue); its unsubscribe link is a
// random token nobody stored, so it leads to the "link no longer works" page. Audited.
import { audit } from '../admin/index.ts';
import type { Lang } from '../i18n/languages.ts';
import { randomToken } from '../lib/crypto.ts';
import { MailError } from '../mail/mailer.ts';
import type { SupporterDeps } from './supporter-deps.ts';
import { renderUpdateEmail } from './update-email.ts';
import { findUpdate } from './updates.repo.ts';
import { listUnsubscribeHeaders, unsubscribeUrl } from './unsubscribe-token.ts';

export type TestResult = { kind: 'sent' } | { kind: 'not-found' } | { kind: 'no-text' } | { kind: 'failed' };

export async function sendTestUpdate(deps: SupporterDeps, input: { id: number; lang: Lang; to: string; actor: string }): Promise<TestResult> {
  const update = await findUpdate(deps.db, input.id);
  if (!update) return { kind: 'not-found' };
  const text = update.texts.find((t) => t.lang === input.lang);
  if (!text) return { kind: 'no-text' };
  const token = randomToken();
  const email = (await renderUpdateEmail(deps.i18n, deps.config.baseUrl, text, { test: true })).forToken(token);
  const host = new URL(deps.config.baseUrl).hostname;
  try {
    await deps.mailer.send({ to: input.to, messageId: `<update-${update.id}.test.${token.slice(0, 12)}@${host}>`, lang: input.lang, kind: 'update.test', headers: listUnsubscribeHeaders(unsubscribeUrl(deps.config.baseUrl, input.lang, token)), ...email });
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    deps.logger.warn({ updateId: update.id, reason: error.message }, 'test update not sent');
    return { kind: 'failed' };
  }
  await audit(deps.db, { actor: input.actor, action: 'update.tested', subject: `update:${update.id}`, details: { lang: input.lang } });
  return { kind: 'sent' };
}
