// Use-case for a data request by email (the my-data pages, the admins' erasure): what donations hold for
// an address, and its erasure, by address (findDonorRecord, eraseDonor) or as an erasure hook by the
// shared keyed hash (donationErasure). Addresses are stored encrypted; erasing nulls the address and its
// hashes, keeping the amounts (the campaign's accounts) and stopping any thank-you
// still queued (the job finds no address and sends nothing).
import type { Queryable, Tx } from '../db/knex.ts';
import type { ErasureHook, HeldRecord } from '../erasure/index.ts';
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
  return db('donation_payments').where({ email_hash: hashOf(keys, email) }).update({ email_enc: null, email_hash: null, erasure_hash: null, address_erased: true });
}

const ERASED = { email_enc: null, email_hash: null, erasure_hash: null, address_erased: true } as const;

interface PaymentRow {
  id: string;
  kind: string;
  status: string;
  currency: string;
  amount_minor: number;
  lang: string;
  campaign: string | null;
  email_enc: Buffer | null;
  paid_at: Date | null;
  created_at: Date;
}

/**
 * The erasure hook of donations (erasure/registry.ts), by the shared keyed hash: what a donor's payments
 * hold (the amounts and dates; the address while it is kept), and its erasure. The amounts stay in the
 * accounts and the totals whatever the caller asks: money received was received.
 */
export const donationErasure: ErasureHook = {
  kind: 'donations',
  labelKey: 'donations.erasure.label',
  async count(db: Queryable, emailHash: Buffer) {
    const row = (await db('donation_payments').where({ erasure_hash: emailHash }).first(db.raw('count(*)::int as n'))) as { n: number };
    return row.n;
  },
  async describe(db: Queryable, emailHash: Buffer): Promise<HeldRecord[]> {
    const rows = (await db('donation_payments').where({ erasure_hash: emailHash }).orderBy('created_at').select('id', 'kind', 'status', 'currency', 'amount_minor', 'lang', 'campaign', 'email_enc', 'paid_at', 'created_at')) as PaymentRow[];
    return rows.map((r) => ({
      kind: 'donation',
      fields: {
        createdAt: r.created_at.toISOString(),
        paidAt: r.paid_at?.toISOString() ?? null,
        frequency: r.kind === 'monthly' ? 'monthly' : 'once',
        status: r.status,
        amount: `${(r.amount_minor / 100).toFixed(2)} ${r.currency}`,
        language: r.lang,
        addressKept: r.email_enc !== null,
      },
    }));
  },
  async erase(trx: Tx, emailHash: Buffer) {
    return trx('donation_payments').where({ erasure_hash: emailHash }).update(ERASED);
  },
};
