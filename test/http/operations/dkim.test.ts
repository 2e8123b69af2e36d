// DKIM: with DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY set, the mail the app sends (through the
// same services the job thread builds, to a real SMTP server on loopback) carries a signature that
// mailauth verifies with the public key published at selector._domainkey.domain; a changed byte fails it.
// Without them, mail goes out unsigned. A bad value stops start-up with one line.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dkimVerify } from 'mailauth';
import { SMTPServer } from 'smtp-server';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';
import { createJobServices } from '../../../src/services.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const DNS_RECORD = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const resolver = async (name: string, type: string) => {
  if (name === 'mail2026._domainkey.campaign.example' && type === 'TXT') return [[DNS_RECORD]];
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
};

describe('DKIM signing', () => {
  let server: SMTPServer;
  let smtpUrl: string;
  const raw: Buffer[] = [];
  let dir: string;

  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          raw.push(Buffer.concat(chunks));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-dkim-'));
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function send(env: Record<string, string>): Promise<Buffer> {
    const config = loadConfig({ SMTP_URL: smtpUrl, MAIL_FROM: 'Dauys <no-reply@campaign.example>', DATA_DIR: dir, ...env });
    const { mailer, jobs } = createJobServices(config, 'postgres://unused@127.0.0.1:1/none', createLogger('silent'));
    const count = raw.length;
    try {
      await mailer.send({ to: 'signer@example.org', subject: 'Подтвердите подпись · Қолыңызды растаңыз', text: 'Confirm: https://campaign.example/en/confirm/x\n', html: '<p>Confirm</p>', messageId: `<dkim-${count}@campaign.example>`, lang: 'kk' });
    } finally {
      mailer.close();
      void jobs; // never started: only the mailer is used
    }
    assert.equal(raw.length, count + 1);
    return raw.at(-1)!;
  }

  it('signs with the PEM given inline, and the signature verifies with the published public key', async () => {
    const message = await send({ DKIM_DOMAIN: 'campaign.example', DKIM_SELECTOR: 'mail2026', DKIM_PRIVATE_KEY: PEM });
    assert.match(message.toString('latin1'), /^DKIM-Signature: /m);
    const result = await dkimVerify(message, { resolver });
    assert.equal(result.results.length, 1);
    assert.equal(result.results[0]!.status.result, 'pass', result.results[0]!.info);
    assert.equal(result.results[0]!.signingDomain, 'campaign.example');
    assert.equal(result.results[0]!.status.aligned, 'campaign.example');

    const text = message.toString('latin1');
    assert.ok(text.includes('https://campaign.example/en/confirm/x'));
    const tampered = Buffer.from(text.replace('https://campaign.example/en/confirm/x', 'https://evil.example/en/confirm/xx'), 'latin1');
    const changedBody = (await dkimVerify(tampered, { resolver })).results[0]!;
    assert.notEqual(changedBody.status.result, 'pass'); // mailauth: neutral, "body hash did not verify"
    assert.match(changedBody.status.comment ?? '', /body hash/);
    const changedHeader = Buffer.from(text.replace(/^To: .*$/m, 'To: someone-else@example.org'), 'latin1');
    assert.equal((await dkimVerify(changedHeader, { resolver })).results[0]!.status.result, 'fail');
  });

  it('signs with the key read from a file (DKIM_PRIVATE_KEY a path), and with a one-line PEM written with \\n', async () => {
    const keyFile = path.join(dir, 'dkim.pem');
    fs.writeFileSync(keyFile, PEM, { mode: 0o600 });
    for (const key of [keyFile, PEM.trim().replace(/\n/g, '\\n')]) {
      const message = await send({ DKIM_DOMAIN: 'campaign.example', DKIM_SELECTOR: 'mail2026', DKIM_PRIVATE_KEY: key });
      assert.equal((await dkimVerify(message, { resolver })).results[0]!.status.result, 'pass');
    }
  });

  it('sends unsigned mail when DKIM is not configured', async () => {
    const message = await send({});
    assert.doesNotMatch(message.toString('latin1'), /^DKIM-Signature:/im);
  });

  it('a bad DKIM setting stops start-up with one line naming the variable', () => {
    const bad: [Record<string, string>, string][] = [
      [{ DKIM_DOMAIN: 'campaign.example' }, 'DKIM_DOMAIN'],
      [{ DKIM_DOMAIN: 'not a domain', DKIM_SELECTOR: 's', DKIM_PRIVATE_KEY: PEM }, 'DKIM_DOMAIN'],
      [{ DKIM_DOMAIN: 'campaign.example', DKIM_SELECTOR: 'bad selector', DKIM_PRIVATE_KEY: PEM }, 'DKIM_SELECTOR'],
      [{ DKIM_DOMAIN: 'campaign.example', DKIM_SELECTOR: 's', DKIM_PRIVATE_KEY: '/nonexistent/dkim.pem' }, 'DKIM_PRIVATE_KEY'],
      [{ DKIM_DOMAIN: 'campaign.example', DKIM_SELECTOR: 's', DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' }, 'DKIM_PRIVATE_KEY'],
      [{ DKIM_DOMAIN: 'campaign.example', DKIM_SELECTOR: 's', DKIM_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, 'DKIM_PRIVATE_KEY'],
    ];
    for (const [env, name] of bad) {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && error.message.includes(name) && !error.message.includes('\n'), JSON.stringify(Object.keys(env)));
    }
  });
});
