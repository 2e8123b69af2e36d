// Messages handed to SMTP, by their deterministic Message-ID (the shared email_deliveries table): a
// retried job that finds its row skips the send.
import type { Queryable } from '../db/knex.ts';

export async function recordDelivery(db: Queryable, messageId: string, kind: string): Promise<void> {
  await db('email_deliveries').insert({ message_id: messageId, kind }).onConflict('message_id').ignore();
}

export async function wasDelivered(db: Queryable, messageId: string): Promise<boolean> {
  return (await db('email_deliveries').where({ message_id: messageId }).first('message_id')) !== undefined;
}
