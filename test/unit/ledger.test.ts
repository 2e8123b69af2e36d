// The hearing report's ledger and digest: the documented format recomputed naively (lines sorted as
// strings, SHA-256 over them) gives the same digest; the order of the input does not matter; the opaque
// ids are unique, stable under one key and different under another; nothing gives SHA-256 of nothing.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildLedger, ledgerKey, type LedgerGroup } from '../../src/reports/ledger.ts';
import { recomputeDigest } from '../support/ledger.ts';

function group(country: string, day: string, ids: number[]): LedgerGroup {
  const packed = Buffer.alloc(ids.length * 8);
  ids.forEach((id, i) => packed.writeBigUInt64BE(BigInt(id), i * 8));
  return { country, day, ids: packed };
}

describe('ledger', () => {
  const key = ledgerKey(randomBytes(32));
  const groups = [group('PL', '2026-11-20', [1, 2, 3, 10]), group('KZ', '2026-11-20', [4, 5]), group('DE', '2026-11-21', [6, 7, 8, 9])];

  it('gives the digest of the documented format, whatever the order of its input', async () => {
    const ledger = await buildLedger(key, 1, groups);
    const entries = [...ledger.entries()];
    assert.equal(ledger.size, 10);
    assert.equal(ledger.digest, recomputeDigest(entries));
    assert.deepEqual(entries.map((e) => e.id), entries.map((e) => e.id).sort(), 'in ascending order');
    assert.equal([...ledger.lineChunks()].join(''), entries.map((e) => `${e.id},${e.country},${e.day}\n`).join(''));
    const shuffled = await buildLedger(key, 1, [groups[2]!, group('KZ', '2026-11-20', [5, 4]), groups[0]!]);
    assert.equal(shuffled.digest, ledger.digest);
  });

  it('ids: 32 hex digits, unique, stable under one key, unrelated under another or for another petition', async () => {
    const a = [...(await buildLedger(key, 1, groups)).entries()];
    const again = [...(await buildLedger(key, 1, groups)).entries()];
    assert.deepEqual(again, a);
    for (const e of a) assert.match(e.id, /^[0-9a-f]{32}$/);
    assert.equal(new Set(a.map((e) => e.id)).size, a.length);
    const other = [...(await buildLedger(ledgerKey(randomBytes(32)), 1, groups)).entries()].map((e) => e.id);
    assert.equal(other.filter((id) => a.some((e) => e.id === id)).length, 0);
    const otherPetition = [...(await buildLedger(key, 2, groups)).entries()].map((e) => e.id);
    assert.equal(otherPetition.filter((id) => a.some((e) => e.id === id)).length, 0);
  });

  it('one signature fewer changes the digest; none gives the SHA-256 of nothing', async () => {
    const all = await buildLedger(key, 1, groups);
    const fewer = await buildLedger(key, 1, [group('PL', '2026-11-20', [1, 2, 3]), groups[1]!, groups[2]!]);
    assert.notEqual(fewer.digest, all.digest);
    assert.equal((await buildLedger(key, 1, [])).digest, createHash('sha256').update('').digest('hex'));
    assert.equal((await buildLedger(key, 1, [])).size, 0);
  });

  it('sorts 200,000 ids as a string sort would (buckets of the first two bytes)', async () => {
    const many = Array.from({ length: 40 }, (_, g) => group(['PL', 'DE', 'KZ', 'FR'][g % 4]!, `2026-10-${String(1 + (g % 28)).padStart(2, '0')}`, Array.from({ length: 5000 }, (_, i) => g * 5000 + i + 1)));
    const ledger = await buildLedger(key, 3, many);
    const ids = [...ledger.entries()].map((e) => e.id);
    assert.equal(ids.length, 200_000);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(ledger.digest, recomputeDigest([...ledger.entries()]));
  });

  it('refuses malformed groups', async () => {
    await assert.rejects(buildLedger(key, 1, [{ country: 'PL', day: '2026-11-20', ids: Buffer.alloc(7) }]));
    await assert.rejects(buildLedger(key, 1, [group('pl', '2026-11-20', [1])]));
    await assert.rejects(buildLedger(key, 1, [group('PL', '20 Nov', [1])]));
  });
});
