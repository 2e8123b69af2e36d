// Helpers for the evidence tests: organiser keys made here (the private half stays in the test, as it stays
// on an organiser's computer), submissions sent as a browser would, and ways to look everywhere the app
// could have left something: every table, every file under DATA_DIR, the log lines.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import * as openpgp from 'openpgp';
import request from 'supertest';
import type { Db } from '../../src/db/knex.ts';
import { insertKey } from '../../src/evidence/keys.repo.ts';
import { checkOrganiserKey } from '../../src/evidence/organiser-key.ts';

export interface OrganiserKey {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly fingerprint: string;
}

export async function makeOrganiserKey(name = 'Organiser', options: { keyExpirationTime?: number; date?: Date } = {}): Promise<OrganiserKey> {
  const { publicKey, privateKey } = await openpgp.generateKey({ userIDs: [{ name }], format: 'armored', ...options });
  const key = await openpgp.readKey({ armoredKey: publicKey });
  return { publicKey, privateKey, fingerprint: key.getFingerprint() };
}

/** Adds a key as an admin would (checked first). */
export async function addOrganiserKey(db: Db, key: OrganiserKey): Promise<number> {
  const checked = await checkOrganiserKey(key.publicKey, new Date());
  if (!checked.ok) throw new Error(`test key refused: ${checked.problem}`);
  return insertKey(db, checked.key, null);
}

export interface UploadFile {
  readonly name: string;
  readonly bytes: Buffer;
}

export interface Submission {
  readonly message?: string;
  readonly who?: string;
  readonly when?: string;
  readonly where?: string;
  readonly files?: readonly UploadFile[];
  readonly headers?: Record<string, string>;
  readonly path?: string;
  readonly extraFields?: Record<string, string>;
}

/** POSTs the form as multipart, in the browser's field order (text first, then the files). */
export function submit(app: Express, s: Submission = {}) {
  let req = request(app).post(s.path ?? '/en/submit').set('Sec-Fetch-Site', 'same-origin');
  for (const [name, value] of Object.entries(s.headers ?? {})) req = req.set(name, value);
  for (const [name, value] of Object.entries(s.extraFields ?? {})) req = req.field(name, value);
  for (const name of ['message', 'who', 'when', 'where'] as const) if (s[name] !== undefined) req = req.field(name, s[name]!);
  for (const file of s.files ?? []) req = req.attach('files', file.bytes, file.name);
  if ((s.files ?? []).length === 0 && Object.keys(s.extraFields ?? {}).length === 0 && s.message === undefined) req = req.field('message', '');
  return req;
}

/** The 12 words from the receipt page. */
export function receiptFrom(html: string): string {
  const list = html.match(/<ol class="receipt__words"[^>]*>([\s\S]*?)<\/ol>/)?.[1] ?? '';
  const words = [...list.matchAll(/<li>([a-z]+)<\/li>/g)].map((m) => m[1]!);
  if (words.length !== 12) throw new Error(`no receipt on the page (found ${words.length} words)`);
  return words.join(' ');
}

/** The hidden session token of the "add more" form. */
export function sessionFrom(html: string): string {
  return html.match(/name="session" value="([^"]*)"/)?.[1] ?? '';
}

/** A PDF-looking file of `size` bytes: a header, then a repeated marker, so plaintext is easy to find. */
export function markedPdf(size: number, marker: string): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const body = Buffer.alloc(size - head.length);
  const mark = Buffer.from(marker, 'utf8');
  for (let i = 0; i < body.length; i += mark.length) mark.copy(body, i, 0, Math.min(mark.length, body.length - i));
  return Buffer.concat([head, body]);
}

/** Every row of every table (public and the job queue's), as text; bytea as hex. */
export async function dumpAllTables(db: Db): Promise<string> {
  const { rows } = (await db.raw(`select table_schema as s, table_name as t from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`)) as { rows: { s: string; t: string }[] };
  const parts: string[] = [];
  for (const { s, t } of rows) {
    const dump = (await db.raw(`select coalesce(string_agg(x::text, E'\\n'), '') as d from ??.?? x`, [s, t])) as { rows: { d: string }[] };
    parts.push(`-- ${s}.${t}\n${dump.rows[0]!.d}`);
  }
  return parts.join('\n');
}

/** Every file under a folder (recursively), with its bytes. */
export function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  if (!fs.existsSync(dir)) return [];
  const out: { file: string; bytes: Buffer }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push({ file: full, bytes: fs.readFileSync(full) });
  }
  return out;
}

/** The names of the files in DATA_DIR/evidence. */
export function evidenceFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'evidence');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

export async function decryptWithOpenpgp(ciphertext: Buffer, privateKeyArmored: string): Promise<{ data: Buffer; filename: string }> {
  const privateKey = await openpgp.readPrivateKey({ armoredKey: privateKeyArmored });
  const message = await openpgp.readMessage({ binaryMessage: ciphertext });
  const { data, filename } = await openpgp.decrypt({ message, decryptionKeys: privateKey, format: 'binary' });
  return { data: Buffer.from(data as Uint8Array), filename };
}

export const gpgAvailable = (() => {
  try {
    execFileSync('gpg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Decrypts files with the real GnuPG, in a keyring of its own holding only `privateKey`. */
export function gpgDecrypt(files: readonly string[], privateKey: string): Buffer[] {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-gpg-'));
  try {
    fs.chmodSync(home, 0o700);
    execFileSync('gpg', ['--homedir', home, '--batch', '--import'], { input: privateKey, stdio: ['pipe', 'ignore', 'ignore'] });
    return files.map((file) => execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--decrypt', file], { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }));
  } finally {
    try {
      execFileSync('gpgconf', ['--homedir', home, '--kill', 'all'], { stdio: 'ignore' });
    } catch {
      // no agent was started
    }
    fs.rmSync(home, { recursive: true, force: true });
  }
}
