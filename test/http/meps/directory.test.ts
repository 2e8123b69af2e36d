// The directory is loaded at start-up once per content (idempotent, safe from instances starting
// together), and `npm run cli -- meps:import FILE` loads a newer file and prints the diff.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadAllDefaultContent } from '../../../src/capabilities.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';

type Record = { id: number; fullName: string; country: string; group: string; active: boolean; email: string | null; termEnd: string | null; note: string | null };

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'error' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the MEP directory', () => {
  let t: TestApp;
  let tmp: string;
  before(async () => {
    t = await buildTestApp({ workers: false });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-meps-'));
  });
  after(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('start-up loaded the bundled files: 743 records, 719 sitting, 74 bodies, the key bodies named in four languages', async () => {
    const count = async (q: ReturnType<TestApp['db']>) => Number(((await q.count('* as n')) as { n: string }[])[0]!.n);
    assert.equal(await count(t.db('meps')), 743);
    assert.equal(await count(t.db('meps').where({ active: true })), 719);
    assert.equal(await count(t.db('ep_bodies')), 74);
    const names = await t.db('ep_body_translations').where({ code: 'DCAS', lang: 'kk' }).first('name');
    assert.match(String(names?.name), /Қазақстан/);
    const afetPl = await t.db('ep_body_translations').where({ code: 'AFET', lang: 'pl' }).first('name');
    assert.equal(afetPl?.name, 'Komisja Spraw Zagranicznych');
  });

  it('loading again, and from several instances at once, changes nothing', async () => {
    const before = await t.db('mep_directory_loads').count('* as n');
    const stamp = await t.db('meps').max('updated_at as at');
    await Promise.all([loadAllDefaultContent(t.db), loadAllDefaultContent(t.db), loadAllDefaultContent(t.db)]);
    assert.deepEqual(await t.db('mep_directory_loads').count('* as n'), before);
    assert.deepEqual(await t.db('meps').max('updated_at as at'), stamp);
  });

  it('meps:import prints who joined, who left and who changed group, and applies it', async () => {
    const records = JSON.parse(fs.readFileSync('content/data/meps.json', 'utf8')) as Record[];
    const sitting = records.filter((r) => r.active);
    const [leaving, switching, dropped] = [sitting.find((r) => r.country === 'PL')!, sitting.find((r) => r.group === 'Renew')!, sitting.find((r) => r.country === 'DE')!];
    const returning = records.find((r) => !r.active)!;
    const next = records
      .filter((r) => r.id !== dropped.id)
      .map((r) => {
        if (r.id === leaving.id) return { ...r, active: false, termEnd: '2026-10-01', note: 'left' };
        if (r.id === switching.id) return { ...r, group: 'EPP' };
        if (r.id === returning.id) return { ...r, active: true, termEnd: null, email: 'returning.mep@europarl.europa.eu' };
        return r;
      });
    const file = path.join(tmp, 'meps-2026-11.json');
    fs.writeFileSync(file, JSON.stringify(next));
    const result = await runCli(['meps:import', file], { DATABASE_URL: t.database.url, DATA_DIR: tmp });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /joined: 1\n {2}\d+ {2}.+\n/);
    assert.ok(result.stdout.includes(`${returning.id}  ${returning.fullName}`));
    assert.match(result.stdout, /left: 2\n/);
    assert.ok(result.stdout.includes(`${leaving.id}  ${leaving.fullName} (PL`));
    assert.ok(result.stdout.includes(`${dropped.id}  ${dropped.fullName} (DE`));
    assert.ok(result.stdout.includes(`changed group: 1\n  ${switching.id}  ${switching.fullName} (${switching.country}): Renew → EPP`));
    const rows = await t.db('meps').whereIn('id', [leaving.id, switching.id, dropped.id, returning.id]).select('id', 'active', 'group_code');
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.equal(byId.get(leaving.id)?.active, false);
    assert.equal(byId.get(dropped.id)?.active, false, 'a record absent from the file is kept, no longer sitting');
    assert.equal(byId.get(returning.id)?.active, true);
    assert.equal(byId.get(switching.id)?.group_code, 'EPP');
  });

  it('meps:import refuses a file of another shape with one line and exit code 2, changing nothing', async () => {
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, JSON.stringify([{ id: 1, fullName: 'X' }]));
    const before = await t.db('mep_directory_loads').count('* as n');
    const result = await runCli(['meps:import', file], { DATABASE_URL: t.database.url, DATA_DIR: tmp });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^dauys: .*broken\.json: /);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.deepEqual(await t.db('mep_directory_loads').count('* as n'), before);
    const missing = await runCli(['meps:import', path.join(tmp, 'nope.json')], { DATABASE_URL: t.database.url, DATA_DIR: tmp });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.json: ENOENT/);
  });
});
