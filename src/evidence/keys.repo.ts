// evidence_keys: the organisers' public keys (knex only).
import type { Queryable } from '../db/knex.ts';
import type { OrganiserKeyInfo } from './organiser-key.ts';

export interface KeyRow {
  readonly id: number;
  readonly fingerprint: string;
  readonly armored: string;
  readonly label: string;
  readonly algorithm: string;
  readonly key_created_at: Date;
  readonly expires_at: Date | null;
  readonly added_by: number | null;
  readonly added_at: Date;
  readonly retired_by: number | null;
  readonly retired_at: Date | null;
}

/** Keys neither retired nor expired at `now`. */
export function usableKeyRows(db: Queryable, now: Date): Promise<KeyRow[]> {
  return db<KeyRow>('evidence_keys')
    .whereNull('retired_at')
    .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', now))
    .orderBy('id');
}

export function allKeyRows(db: Queryable): Promise<KeyRow[]> {
  return db<KeyRow>('evidence_keys').orderByRaw('retired_at is not null, id');
}

export function keyRowByFingerprint(db: Queryable, fingerprint: string): Promise<KeyRow | undefined> {
  return db<KeyRow>('evidence_keys').where({ fingerprint }).first();
}

export async function insertKey(db: Queryable, key: OrganiserKeyInfo, addedBy: number | null): Promise<number> {
  const [row] = await db('evidence_keys')
    .insert({ fingerprint: key.fingerprint, armored: key.armored, label: key.label, algorithm: key.algorithm, key_created_at: key.createdAt, expires_at: key.expiresAt, added_by: addedBy })
    .returning<{ id: number }[]>('id');
  return row!.id;
}

/** Retires a key (true if it was active). */
export async function retireKey(db: Queryable, id: number, by: number | null, now: Date): Promise<boolean> {
  const changed = await db('evidence_keys').where({ id }).whereNull('retired_at').update({ retired_at: now, retired_by: by });
  return changed > 0;
}
