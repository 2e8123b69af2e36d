// npm run cli -- report, end to end: the real command in a child process on this test's database writes
// the same report as the admin page (the same digest, the same numbers), in PDF, CSV and JSON with the
// ledger, audit-logged as "cli"; bad options exit with code 2 and one line; no file is left half written.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sharedSecrets } from '../../support/process.ts';
import { buildConfirmedSignatures, petitionId } from '../../support/signatures.ts';
import { makeAccount, signedIn, type Browser } from '../admin/support.ts';
import { recomputeDigest } from '../../support/ledger.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('report CLI', () => {
  const secrets = sharedSecrets();
  let t: TestApp;
  let organiser: Browser;
  let dir: string;
  before(async () => {
    t = await buildTestApp({ workers: false, env: secrets });
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), new Date());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-report-cli-'));
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [
      ...Array.from({ length: 12 }, (_, i) => ({ country: 'PL', confirmedAt: new Date(Date.UTC(2026, 10, 20 + (i % 3), 9)) })),
      ...Array.from({ length: 5 }, () => ({ country: 'KZ', confirmedAt: new Date('2026-11-21T22:30:00Z') })),
    ]);
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function cli(args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], {
        env: { ...process.env, ...secrets, DATABASE_URL: t.database.url, DATA_DIR: path.join(dir, 'data'), NODE_ENV: 'test', LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  it('writes the JSON report with its ledger: the same digest and numbers as the admin page', async () => {
    const out = path.join(dir, 'report.json');
    const run = await cli(['report', '--petition', 'zhanaozen-list', '--format', 'json', '--lang', 'pl', '--out', out, '--include-ledger']);
    assert.equal(run.code, 0, run.stderr);
    const file = JSON.parse(fs.readFileSync(out, 'utf8')) as { lang: string; totals: { confirmed: number }; digest: { value: string }; ledger: { id: string; country: string; day: string }[]; byDay: unknown };
    const page = JSON.parse((await organiser.get('/admin/petitions/zhanaozen-list/report.json?lang=pl&include=ledger')).text) as typeof file;
    assert.equal(file.lang, 'pl');
    assert.equal(file.totals.confirmed, 17);
    assert.equal(file.digest.value, page.digest.value);
    assert.deepEqual(file.ledger, page.ledger);
    assert.deepEqual(file.byDay, page.byDay);
    assert.equal(recomputeDigest(file.ledger), file.digest.value);
    assert.match(run.stdout, new RegExp(`wrote .*report\\.json: 17 confirmed signatures, digest ${file.digest.value}`));
    assert.equal((fs.statSync(out).mode & 0o777).toString(8), '600', 'only its owner can read it');
    const entry = (await t.db('audit_log').where({ action: 'report.generated', actor: 'cli' }).first()) as { details: Record<string, unknown> };
    assert.equal(entry.details.ledger, true);
    assert.equal(entry.details.lang, 'pl');
  });

  it('writes the PDF in Kazakh and the CSV for a period', async () => {
    const pdf = path.join(dir, 'report.pdf');
    assert.equal((await cli(['report', '--petition', 'zhanaozen-list', '--format', 'pdf', '--lang', 'kk', '--out', pdf])).code, 0);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(text, /Тыңдауға арналған есеп/);
    assert.match(text, /Расталған қолдар\s+17/);
    const csv = path.join(dir, 'report.csv');
    assert.equal((await cli(['report', '--petition', 'zhanaozen-list', '--format', 'csv', '--lang', 'en', '--out', csv, '--from', '2026-11-21', '--to', '2026-11-21'])).code, 0);
    const body = fs.readFileSync(csv, 'utf8');
    assert.match(body, /\r\nConfirmed signatures,9\r\n/, '4 in Poland and 5 in Kazakhstan on 21 November');
    assert.match(body, /\r\n2026-11-21,9,9\r\n/);
  });

  it('refuses bad options with exit code 2 and one line, leaving no file', async () => {
    const out = path.join(dir, 'never.json');
    for (const [args, message] of [
      [['report', '--petition', 'zhanaozen-list', '--format', 'xml', '--out', out], /--format must be one of csv, json, pdf/],
      [['report', '--petition', 'zhanaozen-list', '--format', 'json', '--lang', 'de', '--out', out], /--lang must be one of en, ru, kk, pl/],
      [['report', '--petition', 'zhanaozen-list', '--format', 'json', '--from', '2026-02-30', '--out', out], /--from: a day as YYYY-MM-DD/],
      [['report', '--petition', 'no-such-petition', '--format', 'json', '--out', out], /no petition no-such-petition/],
      [['report', '--format', 'json', '--out', out], /--petition is required/],
    ] as const) {
      const run = await cli([...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line, no stack');
    }
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('never')), []);
  });
});
