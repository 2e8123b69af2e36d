// Unit: the receipt (12 BIP39 words, canonical form, keyed hash), the source's sealed key (argon2id),
// the source-session token, the organiser-key checks and the tar header.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as openpgp from 'openpgp';
import { canonicalReceipt, newReceipt, receiptHash } from '../../src/evidence/receipt.ts';
import { makeSourceKey, openSourceKey } from '../../src/evidence/source-key.ts';
import { openSourceSession, sealSourceSession } from '../../src/evidence/source-session.ts';
import { checkOrganiserKey, formatFingerprint } from '../../src/evidence/organiser-key.ts';
import { tarHeader } from '../../src/lib/tar.ts';

describe('evidence receipt', () => {
  it('is 12 distinct-looking BIP39 words carrying 128 bits, new every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const receipt = newReceipt();
      assert.equal(receipt.split(' ').length, 12);
      assert.equal(canonicalReceipt(receipt), receipt);
      seen.add(receipt);
    }
    assert.equal(seen.size, 200);
  });

  it('is read back from what a person types: case, numbering, commas, line breaks; a wrong word or checksum is no receipt', () => {
    const receipt = newReceipt();
    const words = receipt.split(' ');
    assert.equal(canonicalReceipt(words.map((w, i) => `${i + 1}. ${w.toUpperCase()}`).join(',\n')), receipt);
    assert.equal(canonicalReceipt(words.slice(0, 11).join(' ')), undefined, 'eleven words');
    // BIP39's own test vector: "abandon" ×11 + "about" is valid; "abandon" ×12 fails the checksum.
    assert.equal(canonicalReceipt(`${'abandon '.repeat(11)}about`), `${'abandon '.repeat(11)}about`);
    assert.equal(canonicalReceipt('abandon '.repeat(12)), undefined, 'a wrong checksum is no receipt');
    assert.equal(canonicalReceipt(`${'abandon '.repeat(11)}aboutt`), undefined, 'a word not in the list is no receipt');
    assert.equal(canonicalReceipt('я '.repeat(12)), undefined);
  });

  it('is stored as HMAC-SHA256 with the pepper: 32 bytes, different under another pepper', () => {
    const receipt = newReceipt();
    const a = receiptHash(Buffer.alloc(32, 1), receipt);
    assert.equal(a.length, 32);
    assert.notDeepEqual(receiptHash(Buffer.alloc(32, 2), receipt), a);
    assert.equal(a.toString('hex').includes(Buffer.from(receipt).toString('hex')), false);
  });
});

describe('the source’s reply key', () => {
  it('opens with the receipt only, and decrypts what was encrypted to it; dated to the day', async () => {
    const receipt = newReceipt();
    const day = new Date('2026-12-01T00:00:00Z');
    const sealed = await makeSourceKey(receipt, day);
    assert.equal(sealed.salt.length, 16);
    assert.equal(sealed.sealed.includes(Buffer.from('PRIVATE KEY')), false, 'the private key is sealed');
    const publicKey = await openpgp.readKey({ armoredKey: sealed.publicKey });
    assert.equal(publicKey.isPrivate(), false);
    assert.equal(publicKey.getCreationTime().toISOString(), day.toISOString());
    const encrypted = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'a reply' }), encryptionKeys: publicKey });
    const privateKey = await openSourceKey(receipt, sealed.sealed, sealed.salt);
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: encrypted as string }), decryptionKeys: privateKey });
    assert.equal(data, 'a reply');
    await assert.rejects(openSourceKey(newReceipt(), sealed.sealed, sealed.salt), 'another receipt does not open it');
  });
});

describe('source session token', () => {
  it('carries the report id for an hour, sealed; anything else is refused', () => {
    const key = Buffer.alloc(32, 5);
    const now = new Date('2026-12-01T10:00:00Z');
    const token = sealSourceSession(key, 'report-id', now);
    assert.equal(openSourceSession(key, token, now), 'report-id');
    assert.equal(openSourceSession(key, token, new Date(now.getTime() + 59 * 60_000)), 'report-id');
    assert.equal(openSourceSession(key, token, new Date(now.getTime() + 61 * 60_000)), undefined);
    assert.equal(openSourceSession(Buffer.alloc(32, 6), token, now), undefined);
    assert.equal(openSourceSession(key, `${token.slice(0, -2)}AA`, now), undefined);
    assert.equal(openSourceSession(key, undefined, now), undefined);
    assert.equal(Buffer.from(token, 'base64url').includes(Buffer.from('report-id')), false);
  });
});

describe('organiser keys', () => {
  it('a good public key is accepted, with its fingerprint and expiry', async () => {
    const { publicKey } = await openpgp.generateKey({ userIDs: [{ name: 'Org', email: 'org@example.org' }], keyExpirationTime: 365 * 86400, format: 'armored' });
    const checked = await checkOrganiserKey(publicKey, new Date());
    assert.ok(checked.ok);
    assert.match(checked.key.fingerprint, /^[0-9a-f]{40}$/);
    assert.ok(checked.key.expiresAt && checked.key.expiresAt > new Date());
    assert.match(checked.key.armored, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    assert.match(formatFingerprint(checked.key.fingerprint), /^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
  });

  it('a private key is refused and never parsed into storage; so are garbage, expired, revoked and weak keys', async () => {
    const { privateKey, publicKey, revocationCertificate } = await openpgp.generateKey({ userIDs: [{ name: 'Org' }], format: 'armored' });
    assert.deepEqual(await checkOrganiserKey(privateKey, new Date()), { ok: false, problem: 'private' });
    assert.deepEqual(await checkOrganiserKey('not a key', new Date()), { ok: false, problem: 'unreadable' });
    const old = await openpgp.generateKey({ userIDs: [{ name: 'Old' }], keyExpirationTime: 60, date: new Date(Date.now() - 3600_000), format: 'armored' });
    assert.deepEqual(await checkOrganiserKey(old.publicKey, new Date()), { ok: false, problem: 'expired' });
    const { publicKey: revoked } = await openpgp.revokeKey({ key: await openpgp.readKey({ armoredKey: publicKey }), revocationCertificate, format: 'armored' });
    assert.deepEqual(await checkOrganiserKey(revoked, new Date()), { ok: false, problem: 'revoked' });
    const weak = await openpgp.generateKey({ type: 'rsa', rsaBits: 1024, userIDs: [{ name: 'Weak' }], format: 'armored', config: { minRSABits: 1024 } });
    assert.deepEqual(await checkOrganiserKey(weak.publicKey, new Date()), { ok: false, problem: 'weak' });
  });
});

describe('tar header', () => {
  it('is a valid ustar header with its checksum', () => {
    const header = tarHeader({ name: 'report-1/001-message.gpg', size: 1234, mtime: new Date('2026-12-01T00:00:00Z') });
    assert.equal(header.length, 512);
    assert.equal(header.subarray(257, 263).toString('ascii'), 'ustar\0');
    const stored = parseInt(header.subarray(148, 154).toString('ascii'), 8);
    const copy = Buffer.from(header);
    copy.fill(' ', 148, 156);
    assert.equal(stored, copy.reduce((a, b) => a + b, 0));
    assert.equal(parseInt(header.subarray(124, 135).toString('ascii'), 8), 1234);
    assert.throws(() => tarHeader({ name: 'bad name with spaces', size: 1, mtime: new Date() }));
  });
});
