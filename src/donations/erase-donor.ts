// Use-case for a data request by email (the my-data pages): what donations hold for an address, and its
// erasure. Found by the keyed hash of the address (addresses are stored encrypted); erasing nulls the
// address itself and its hash, keeping the amounts (the campaign's accounts) and stopping any thank-you
// still queued (the job finds no address and sends nothing).
import type { Queryable } from '../db/knex.ts';
import { addressColumns, type AddressKeys } from './payments.repo.ts';

export interface DonorRecord {
  readonly payments: number;
  readonly monthly: boolean;
}

const hashOf = (keys: AddressKeys, email: string): Buffer => addressColumns(keys, email).email_hash;

export async function findDonorRecord(db: Queryable, keys: AddressKeys, email: string): Promise<DonorRecord> {
  const rows = await db('donation_payments').where({ email_hash: hashOf(keys, email) }).select('kind');
  return { payments: rows.length, monthly: rows.some((r: { kind: string }) => r.kind === 'monthly') };
}

export async function eraseDonor(db: Queryable, keys: AddressKeys, email: string): Promise<number> {
  return db('donation_payments').where({ email_hash: hashOf(keys, email) }).update({ email_enc: null, email_hash: null, address_erased: true });
}
