// npm run cli -- users:…, end to end: the real command in a child process against this test's database,
// then a login to the app with what it printed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sharedSecrets } from '../../support/process.ts';
import { Browser, logIn, makeAccount, movableClock } from './support.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('users CLI', () => {
  const clock = movableClock();
  const secrets = sharedSecrets();
  let t: TestApp;
  let dataDir: string;
  before(async () => {
    t = await buildTestApp({ workers: false, clock, env: secrets });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-cli-'));
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function cli(args: string[], stdin?: string): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], {
        env: { ...process.env, ...secrets, DATABASE_URL: t.database.url, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'error' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      child.stdin.end(stdin ?? '');
    });
  }

  it('users:create prints a one-time password that signs in and must be changed', async () => {
    const run = await cli(['users:create', '--email', 'Operator@Example.org', '--role', 'admin']);
    assert.equal(run.code, 0, run.stderr);
    const password = run.stdout.match(/one-time password: (\S+)/)?.[1];
    assert.ok(password, run.stdout);
    assert.match(run.stdout, /created admin operator@example\.org/);
    const browser = new Browser(t.app);
    assert.equal((await logIn(browser, { email: 'operator@example.org', password }, clock.now())).status, 303);
    assert.equal((await browser.get('/admin')).headers.location, '/admin/account/password');
    const entry = await t.db('audit_log').where({ action: 'user.created', actor: 'cli' }).first<{ details: { role: string } }>('details');
    assert.equal(entry?.details.role, 'admin');
  });

  it('users:create --password-stdin takes the password from stdin and checks it', async () => {
    const ok = await cli(['users:create', '--email', 'piped@example.org', '--role', 'moderator', '--password-stdin'], 'a piped passphrase here\n');
    assert.equal(ok.code, 0, ok.stderr);
    assert.doesNotMatch(ok.stdout, /one-time password:/);
    assert.equal((await logIn(new Browser(t.app), { email: 'piped@example.org', password: 'a piped passphrase here' }, clock.now())).status, 303);
    const weak = await cli(['users:create', '--email', 'weak@example.org', '--role', 'moderator', '--password-stdin'], 'password\n');
    assert.equal(weak.code, 2);
    assert.match(weak.stderr, /the password is shorter than 8 characters|most common/);
  });

  it('refuses a taken address, a bad role and a missing option with exit code 2 and one line', async () => {
    for (const [args, message] of [
      [['users:create', '--email', 'OPERATOR@example.org', '--role', 'organiser'], /exists already/],
      [['users:create', '--email', 'x@example.org', '--role', 'root'], /--role must be one of admin, organiser, moderator/],
      [['users:create', '--role', 'admin'], /--email is required/],
      [['users:disable', '--email', 'nobody@example.org'], /no account for nobody@example\.org/],
    ] as const) {
      const run = await cli([...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line, no stack');
    }
  });

  it('users:list, users:disable, users:enable and users:reset-password --reset-totp', async () => {
    const locked = await makeAccount(t.deps, 'admin', { email: 'lost.phone@example.org' });
    const list = await cli(['users:list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^${locked.id}\\tlost\\.phone@example\\.org\\tadmin\\tactive\\ttotp\\tnever$`, 'm'));
    assert.equal((await cli(['users:disable', '--email', 'lost.phone@example.org'])).code, 0);
    assert.equal((await logIn(new Browser(t.app), locked, clock.now())).status, 422);
    assert.equal((await cli(['users:enable', '--email', 'lost.phone@example.org'])).code, 0);
    const reset = await cli(['users:reset-password', '--email', 'lost.phone@example.org', '--reset-totp']);
    assert.equal(reset.code, 0, reset.stderr);
    const password = reset.stdout.match(/one-time password: (\S+)/)?.[1];
    assert.ok(password);
    const browser = new Browser(t.app);
    assert.equal((await logIn(browser, { email: locked.email, password }, clock.now())).status, 303, 'no code needed after --reset-totp');
    assert.equal((await browser.get('/admin')).headers.location, '/admin/account/password');
  });
});
