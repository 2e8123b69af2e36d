import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSegments } from '../../src/campaign/present-campaign.ts';
import { decrypt, encrypt } from '../../src/lib/crypto.ts';
import { cleanLine } from '../../src/lib/text.ts';
import { nextTarget } from '../../src/petitions/present-petition.ts';

describe('toSegments', () => {
  it('turns known [n] markers into references and leaves the rest as text', () => {
    assert.deepEqual(toSegments('Shot [1]. Denied [9] and [2].', new Set([1, 2])), [
      { kind: 'text', text: 'Shot' },
      { kind: 'ref', n: 1 },
      { kind: 'text', text: '. Denied [9] and' },
      { kind: 'ref', n: 2 },
      { kind: 'text', text: '.' },
    ]);
  });
});

describe('nextTarget', () => {
  const petition = { goal: 10_000, milestones: [1000, 5000] };
  it('is the first milestone not reached, then the goal, then the count itself', () => {
    assert.equal(nextTarget(0, petition), 1000);
    assert.equal(nextTarget(1000, petition), 5000);
    assert.equal(nextTarget(7000, petition), 10_000);
    assert.equal(nextTarget(12_345, petition), 12_345);
  });
});

describe('encrypt/decrypt', () => {
  it('round-trips text, uses a fresh IV each time, and refuses tampering', () => {
    const key = Buffer.alloc(32, 3);
    const a = encrypt(key, 'Жаңаөзен');
    assert.equal(decrypt(key, a), 'Жаңаөзен');
    assert.notDeepEqual(a, encrypt(key, 'Жаңаөзен'));
    a.writeUInt8(a.readUInt8(a.length - 1) ^ 1, a.length - 1);
    assert.throws(() => decrypt(key, a));
  });
});

describe('cleanLine', () => {
  it('normalises to NFC, strips control and bidi characters, folds white space', () => {
    assert.equal(cleanLine('  A\u0301nna\u202E \u0000Smith\r\n '), 'Ánna Smith');
  });
});
