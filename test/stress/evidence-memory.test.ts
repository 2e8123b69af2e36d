// The app (a real `npm start` child process) takes a 30 MB file with its memory staying under 100 MB above
// rest: the upload is streamed and encrypted as it arrives, never held whole. Peak RSS is the kernel's own
// high-water mark (VmHWM), reset just before the upload (/proc/PID/clear_refs), cross-checked by sampling.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { checkOrganiserKey } from '../../src/evidence/organiser-key.ts';
import { insertKey } from '../../src/evidence/keys.repo.ts';
import { createDb } from '../../src/db/knex.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrganiserKey, markedPdf } from '../support/evidence.ts';
import { sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';

const MB = 1024 * 1024;
const FILE_BYTES = 30 * MB;
const LIMIT_ABOVE_REST = 100 * MB;

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.match(/(\d+)/)?.[1] ?? NaN);
}

async function post(url: string, file: Buffer, message: string): Promise<{ status: number; ms: number }> {
  const form = new FormData();
  form.append('message', message);
  form.append('files', new Blob([file], { type: 'application/pdf' }), 'evidence.pdf');
  const started = performance.now();
  const res = await fetch(`${url}/en/submit`, { method: 'POST', body: form, headers: { 'Sec-Fetch-Site': 'same-origin' } });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

describe('evidence: memory while taking a 30 MB file', { skip: process.platform === 'linux' ? false : 'needs /proc' }, () => {
  let database: TestDatabase;
  let app: AppProcess;
  before(async () => {
    database = await createTestDatabase();
    const db = createDb(database.url);
    const checked = await checkOrganiserKey((await makeOrganiserKey()).publicKey, new Date());
    assert.ok(checked.ok);
    await insertKey(db, checked.key, null);
    await db.destroy();
    app = await startAppProcess({ DATABASE_URL: database.url, START_WORKERS: 'false', ...sharedSecrets() });
  });
  after(async () => {
    await app?.kill('SIGTERM');
    await database?.drop();
  });

  it(`peak RSS stays under ${LIMIT_ABOVE_REST / MB} MB above rest`, async () => {
    const pid = app.child.pid!;
    // Warm up: load every module the drop uses (openpgp, argon2, file-type, busboy) and let the heap settle.
    for (let i = 0; i < 3; i += 1) assert.equal((await post(app.url, markedPdf(2 * MB, 'warm-up-'), 'warm up')).status, 200);
    await new Promise((r) => setTimeout(r, 2000));
    const rest = statusKb(pid, 'VmRSS') * 1024;
    let hwmReset = true;
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    } catch {
      hwmReset = false;
    }
    let sampled = 0;
    const sampler = setInterval(() => {
      try {
        sampled = Math.max(sampled, statusKb(pid, 'VmRSS') * 1024);
      } catch {
        // the process is gone: the assertion below fails on the status
      }
    }, 5);
    const file = markedPdf(FILE_BYTES, 'memory-test-');
    const result = await post(app.url, file, 'a 30 MB file');
    clearInterval(sampler);
    assert.equal(result.status, 200);
    const peak = Math.max(sampled, hwmReset ? statusKb(pid, 'VmHWM') * 1024 : 0);
    const above = peak - rest;
    console.log(`evidence memory: rest ${(rest / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB (${hwmReset ? 'VmHWM' : 'sampled'}), +${(above / MB).toFixed(1)} MB for a 30 MB file; upload, encryption and storing took ${Math.round(result.ms)} ms`);
    assert.ok(above < LIMIT_ABOVE_REST, `peak was ${(above / MB).toFixed(1)} MB above rest`);
  });
});
