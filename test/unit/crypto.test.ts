import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { decrypt, encrypt } from '../../src/lib/crypto.ts';

describe('encryption of personal data', () => {
  const key = randomBytes(32);

  it('round-trips any text, and every ciphertext has its own IV (across refills of the IV pool)', () => {
    const texts = ['', 'Анна Қалиқызы', 'a'.repeat(500), '<script>alert(1)</script>', '😀 Zażółć'];
    const ivs = new Set<string>();
    for (let i = 0; i < 1000; i += 1) {
      const text = texts[i % texts.length]!;
      const sealed = encrypt(key, text);
      assert.equal(sealed[0], 1, 'version byte');
      assert.equal(sealed.length, 29 + Buffer.byteLength(text));
      ivs.add(sealed.subarray(1, 13).toString('hex'));
      assert.equal(decrypt(key, sealed), text);
    }
    assert.equal(ivs.size, 1000);
  });

  it('refuses a ciphertext that was altered, or opened with another key', () => {
    const sealed = encrypt(key, 'someone@example.org');
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    assert.throws(() => decrypt(key, altered));
    assert.throws(() => decrypt(randomBytes(32), sealed));
  });
});
