// Use-case: a recipient unsubscribes from updates by the link (or the one-click POST) of a message. The
// token's hash finds the ledger row; the address's keyed hash is recorded as unsubscribed now. Doing it
// twice is the same as once (a later click only moves the date, which still covers every consent given before).
import type { SupporterDeps } from './supporter-deps.ts';
import { tokenHash } from './unsubscribe-token.ts';

export type UnsubscribeResult = { kind: 'unsubscribed' } | { kind: 'invalid' };

export async function unsubscribe(deps: Pick<SupporterDeps, 'db' | 'clock'>, token: string): Promise<UnsubscribeResult> {
  const row = (await deps.db('supporter_update_recipients').where({ token_hash: tokenHash(token) }).first('email_hash')) as { email_hash: Buffer } | undefined;
  if (!row) return { kind: 'invalid' };
  await deps.db.raw('insert into update_unsubscribes (email_hash, unsubscribed_at) values (?, ?) on conflict (email_hash) do update set unsubscribed_at = excluded.unsubscribed_at where update_unsubscribes.unsubscribed_at < excluded.unsubscribed_at', [row.email_hash, deps.clock.now()]);
  return { kind: 'unsubscribed' };
}

/** Whether the link is one we sent (the GET page shows the button only then). */
export async function isKnownToken(deps: Pick<SupporterDeps, 'db'>, token: string): Promise<boolean> {
  return Boolean(await deps.db('supporter_update_recipients').where({ token_hash: tokenHash(token) }).first('id'));
}
