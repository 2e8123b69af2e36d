// Backup and restore of the embedded database, as an operator runs them: `npm run cli -- backup` beside a
// running npm start while 200 people sign and confirm (and WAL is switched and checkpointed as fast as it
// can be, so a segment the backup needs would be recycled if nothing held it), then `restore` into a
// fresh DATA_DIR and `npm start` there. The restored database is consistent: every signature is there
// with its confirmation job or not at all, everything answered before the backup began is there, and the
// counts equal the confirmed rows. A non-empty DATA_DIR, a damaged file and a cut one are refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { embeddedUrl } from '../../src/db/embedded-postgres.ts';
import { createDb } from '../../src/db/knex.ts';
import { decrypt } from '../../src/lib/crypto.ts';
import { readPetitionTotals } from '../../src/petitions/index.ts';
import { resolveSecrets } from '../../src/secrets.ts';
import { runCli } from '../support/cli.ts';
import { browserPress, browserSign, sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { freeFixedPort } from '../support/ports.ts';
import { linkIn, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const SIGNERS = 200;
const CONCURRENCY = 8;
/** Signed only once the backup is done: they must not be in it. */
const AFTER_BACKUP = 30;

interface Manifest {
  readonly wal: readonly string[];
  readonly files: readonly { path: string; size: number; sha256: string }[];
  readonly postgresMajor: string;
  readonly migration: string | null;
}

describe('backup while people sign, restore into a fresh DATA_DIR', () => {
  let smtp: TestSmtp;
  let root: string;
  let secretsEnv: Record<string, string>;
  const apps: AppProcess[] = [];
  const outsideClusters: string[] = [];
  const backupFile = () => path.join(root, 'dauys.tar.gz');
  const dataDir = (name: string) => path.join(root, name);

  before(async () => {
    smtp = await startTestSmtp();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-backup-'));
    fs.chmodSync(root, 0o755);
    // A DATA_DIR the postgres user cannot enter (when the tests run as root): restore must then place the
    // cluster where npm start will look for it (/var/lib/dauys/…, named in pg-location.txt).
    fs.mkdirSync(path.join(root, 'private'), { mode: 0o700 });
    secretsEnv = sharedSecrets();
  });
  after(async () => {
    for (const app of apps) await app.kill('SIGTERM');
    await smtp.close();
    for (const name of ['private/restored', 'a']) {
      const location = path.join(dataDir(name), 'pg-location.txt');
      if (fs.existsSync(location)) outsideClusters.push(path.dirname(fs.readFileSync(location, 'utf8').trim()));
    }
    for (const dir of outsideClusters) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  const embeddedEnv = async (name: string) => ({ DATA_DIR: dataDir(name), EMBEDDED_PG_PORT: String(await freeFixedPort()), DATABASE_URL: '', SMTP_URL: smtp.url, JOB_EXPIRE_SECONDS: '10', ...secretsEnv });

  it(`a backup taken while ${SIGNERS} people sign restores into a consistent database`, async () => {
    const sourceEnv = await embeddedEnv('a');
    const app = await startAppProcess(sourceEnv);
    apps.push(app);

    const accepted = new Set<string>();
    const confirmedEmails = new Set<string>();
    let next = 0;
    let backupStarted = false;
    const acceptedBeforeBackup = new Set<string>();
    const confirmedBeforeBackup = new Set<string>();
    let backupDone = false;
    const signer = async () => {
      while (next < SIGNERS) {
        while (next >= SIGNERS - AFTER_BACKUP && !backupDone) await new Promise((r) => setTimeout(r, 20));
        if (next >= SIGNERS) break;
        const i = next++;
        await new Promise((r) => setTimeout(r, 150)); // people, not a load generator: signing spans the backup
        const email = `backup-${i}@example.org`;
        if ((await browserSign(app.url, { name: `Backup ${i}`, email, country: i % 4 ? 'PL' : 'KZ', consent: 'on' })) === 303) accepted.add(email);
      }
    };
    const pressed = new Set<string>();
    let signing = true;
    const confirmer = async () => {
      while (signing || smtp.messages.some((m) => !pressed.has(m.messageId ?? ''))) {
        const mail = smtp.messages.find((m) => !pressed.has(m.messageId ?? ''));
        if (!mail) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        pressed.add(mail.messageId ?? '');
        const to = (Array.isArray(mail.to) ? mail.to : [mail.to])[0]?.value[0]?.address ?? '';
        if ((await browserPress(app.url, linkIn(mail, /\/en\/confirm\//))) === 303) confirmedEmails.add(to.toLowerCase());
      }
    };

    // WAL churn beside the backup: switch segments and checkpoint over and over.
    const admin = new pg.Client({ connectionString: embeddedUrl(sourceEnv.DATA_DIR, Number(sourceEnv.EMBEDDED_PG_PORT), 'dauys') });
    await admin.connect();
    let churning = true;
    let checkpoints = 0;
    const churn = (async () => {
      while (churning) {
        await admin.query('select pg_switch_wal()');
        await admin.query('checkpoint');
        checkpoints += 1;
      }
    })();

    const backup = (async () => {
      const until = Date.now() + 60_000;
      while ((accepted.size < 60 || confirmedEmails.size < 10) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      for (const e of accepted) acceptedBeforeBackup.add(e);
      for (const e of confirmedEmails) confirmedBeforeBackup.add(e);
      backupStarted = true;
      const checkpointsBefore = checkpoints;
      const run = await runCli(['backup', '--out', backupFile()], sourceEnv);
      backupDone = true;
      return { run, checkpointsDuring: checkpoints - checkpointsBefore };
    })();
    const signers = Promise.all(Array.from({ length: CONCURRENCY }, signer));
    const confirmers = Promise.all(Array.from({ length: 4 }, confirmer));
    const { run, checkpointsDuring } = await backup;
    churning = false;
    await churn;
    await admin.end();
    await signers;
    signing = false;
    await confirmers;

    assert.ok(backupStarted);
    assert.equal(run.code, 0, run.stderr);
    console.log(`backup: ${run.stdout.split('\n').slice(0, 2).join(' ').replace(/\s+/g, ' ')}; ${checkpointsDuring} checkpoints during it; ${acceptedBeforeBackup.size} signed and ${confirmedBeforeBackup.size} confirmed before it began`);
    assert.equal(accepted.size, SIGNERS);
    assert.ok(accepted.size > acceptedBeforeBackup.size, 'people were still signing after the backup began');
    await app.kill('SIGTERM');

    // The archive is a plain tar.gz with a manifest, and its WAL spans the segments switched meanwhile.
    const listing = (await import('node:child_process')).execFileSync('tar', ['-tzf', backupFile()], { encoding: 'utf8' }).split('\n');
    assert.equal(listing[0], 'dauys-backup.json');
    assert.ok(listing.includes('pg/backup_label') && listing.includes('manifest.json'));
    const manifest = JSON.parse((await import('node:child_process')).execFileSync('tar', ['-xzOf', backupFile(), 'manifest.json'], { encoding: 'utf8' })) as Manifest;
    assert.equal(manifest.postgresMajor, '18');
    assert.match(manifest.migration ?? '', /^\d{14}_/);
    assert.ok(manifest.wal.length >= 3, `WAL segments ${manifest.wal.join(' ')}: the backup spanned several checkpoints`);
    for (const segment of manifest.wal) assert.ok(listing.includes(`pg/pg_wal/${segment}`), segment);
    assert.ok(checkpointsDuring >= 2, `${checkpointsDuring} checkpoints while the backup ran`);

    // Restore into a fresh DATA_DIR (one the postgres user cannot enter, when root), then npm start there.
    const restoredEnv = await embeddedEnv('private/restored');
    const restored = await runCli(['restore', backupFile()], restoredEnv);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /DATA_KEY at hand is the one the backup was made with/);
    const restoredApp = await startAppProcess({ ...restoredEnv, LOG_LEVEL: 'warn' }).catch((error: unknown) => {
      const location = path.join(restoredEnv.DATA_DIR, 'pg-location.txt');
      const cluster = fs.existsSync(location) ? fs.readFileSync(location, 'utf8').trim() : path.join(restoredEnv.DATA_DIR, 'pg');
      const log = path.join(cluster, 'server.log');
      console.log(`the restored cluster's log:\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-40).join('\n') : '(none)'}`);
      throw error;
    });
    apps.push(restoredApp);

    const db = createDb(embeddedUrl(restoredEnv.DATA_DIR, Number(restoredEnv.EMBEDDED_PG_PORT), 'dauys'));
    try {
      const key = resolveSecrets(loadConfig({ ...secretsEnv, DATA_DIR: restoredEnv.DATA_DIR })).encryptionKey;
      const rows = (await db.raw(
        `select s.id, s.state, s.email_enc,
           exists (select 1 from (select data from pgboss.job where name = 'email-signature-confirmation'
                                  union all select data from pgboss.archive where name = 'email-signature-confirmation') j
                   where j.data->'signatureIds' @> jsonb_build_array(s.id::text) or j.data->'signatureIds' @> jsonb_build_array(s.id)) as has_job
         from signatures s`,
      )).rows as { id: string; state: string; email_enc: Buffer; has_job: boolean }[];
      const emails = new Set(rows.map((r) => decrypt(key, r.email_enc)));
      assert.ok(rows.length >= acceptedBeforeBackup.size && rows.length <= SIGNERS - AFTER_BACKUP, `${rows.length} signatures restored`);
      assert.deepEqual(rows.filter((r) => !r.has_job).map((r) => r.id), [], 'every restored signature has its confirmation job');
      for (const email of acceptedBeforeBackup) assert.ok(emails.has(email), `${email} signed before the backup began`);
      for (const email of emails) assert.ok(accepted.has(email), `${email} was signed`);
      const confirmedRows = rows.filter((r) => r.state === 'confirmed');
      const confirmedRestored = new Set(confirmedRows.map((r) => decrypt(key, r.email_enc).toLowerCase()));
      for (const email of confirmedBeforeBackup) assert.ok(confirmedRestored.has(email), `${email} confirmed before the backup began`);
      const totals = await readPetitionTotals(db);
      const petition = totals.find((t) => t.slug === 'zhanaozen-list')!;
      assert.equal(petition.counted, petition.confirmed, 'the count equals the confirmed rows');
      assert.equal(petition.confirmed, confirmedRows.length);
      const api = (await (await fetch(`${restoredApp.url}/api/v1/petitions/zhanaozen-list`)).json()) as { signatureCount: number };
      assert.equal(api.signatureCount, confirmedRows.length);
      console.log(`restored: ${rows.length} of ${SIGNERS} signatures (${acceptedBeforeBackup.size} were in before the backup began), ${confirmedRows.length} confirmed, count ${api.signatureCount}`);
    } finally {
      await db.destroy();
    }
  });

  it('with nothing running, backup starts the cluster for itself and stops it again', async () => {
    const env = { ...(await embeddedEnv('a')) };
    const file = path.join(root, 'idle.tar.gz');
    const run = await runCli(['backup', '--out', file], env);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(fs.statSync(file).size > 100_000);
    assert.equal(fs.existsSync(path.join(env.DATA_DIR, 'dauys.pid')), false, 'the DATA_DIR is released');
    assert.equal(fs.existsSync(path.join(env.DATA_DIR, 'pg', 'postmaster.pid')), false, 'the cluster is stopped');
    const restored = await runCli(['restore', file], await embeddedEnv('idle-restored'));
    assert.equal(restored.code, 0, restored.stderr);
  });

  it("with DATABASE_URL, backup and restore point to the server's own tools", async () => {
    const env = { DATA_DIR: dataDir('server'), DATABASE_URL: 'postgres://dauys@127.0.0.1:1/dauys' };
    const backup = await runCli(['backup', '--out', path.join(root, 'server.tar.gz')], env);
    assert.equal(backup.code, 2);
    assert.match(backup.stderr, /pg_dump/);
    const restore = await runCli(['restore', backupFile()], env);
    assert.equal(restore.code, 2);
    assert.match(restore.stderr, /pg_restore/);
  });

  it('restore refuses a DATA_DIR that is not empty', async () => {
    const env = await embeddedEnv('private/restored');
    const run = await runCli(['restore', backupFile()], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /restore refused: DATA_DIR .* is not empty/);
  });

  it('restore refuses a damaged file and a cut one, and leaves the DATA_DIR as it was', async () => {
    const original = fs.readFileSync(backupFile());
    const damaged = Buffer.from(original);
    for (let i = 0; i < 16; i += 1) {
      const at = Math.floor(original.length / 2) + i * 997;
      damaged[at] = damaged[at]! ^ 0x5a;
    }
    const cut = original.subarray(0, Math.floor(original.length * 0.6));
    for (const [name, bytes] of [['damaged', damaged], ['cut', cut]] as const) {
      const file = path.join(root, `${name}.tar.gz`);
      fs.writeFileSync(file, bytes);
      const env = await embeddedEnv(`private/${name}`);
      const run = await runCli(['restore', file], env);
      assert.equal(run.code, 2, `${name}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, /restore refused: .*(damaged|cut short|incomplete|SHA-256)/, name);
      assert.equal(fs.existsSync(env.DATA_DIR), false, `${name}: nothing is left behind`);
    }
  });
});
