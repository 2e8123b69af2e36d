// Loads the MEP directory: the bundled files (content/data/) at start-up, once per content hash, and a
// newer file through `meps:import`. Both run in one transaction under an advisory lock, so instances
// starting together load it once; records that a file no longer mentions are kept as not sitting.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db, Tx } from '../db/knex.ts';
import { CONTENT_DIR } from '../db/content-files.ts';
import { diffDirectory, type DirectoryDiff } from './directory-diff.ts';
import { bodiesFileSchema, bodyNamesFileSchema, mepFileSchema, undefinedBodyCodes, type BodyNamesFile, type BodyRecord, type MepRecord } from './meps.schema.ts';
import { bodyKinds, markNotSitting, recordLoad, sittingState, upsertBodies, upsertMeps, wasLoaded } from './meps.repo.ts';

export const DATA_DIR = path.join(CONTENT_DIR, 'data');

/** A file that does not have the shape of meps.json (or ep-bodies.json): one line saying where. */
export class DirectoryFileError extends Error {}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DirectoryFileError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parseWith<T>(file: string, text: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T {
  const parsed = schema.safeParse(parseJson(file, text));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DirectoryFileError(`${file}: ${issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid'}`);
}

export const parseMepFile = (file: string, text: string): MepRecord[] => parseWith(file, text, mepFileSchema);
export const parseBodiesFile = (file: string, text: string): BodyRecord[] => Object.values(parseWith(file, text, bodiesFileSchema));

export interface DirectoryInput {
  readonly records: readonly MepRecord[];
  /** Bodies to (re)define first; without them, the stored bodies must define every code used. */
  readonly bodies?: readonly BodyRecord[];
  readonly names?: BodyNamesFile;
  readonly hash: string;
  readonly source: 'bundled' | 'import';
}

const sha256 = (...texts: string[]): string => {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\0');
  return hash.digest('hex');
};

export const fileHash = (text: string): string => sha256(text);

function readBundled(): DirectoryInput {
  const read = (name: string) => fs.readFileSync(path.join(DATA_DIR, `${name}.json`), 'utf8');
  const [meps, bodies, names] = [read('meps'), read('ep-bodies'), read('ep-body-names')];
  return {
    records: parseMepFile('content/data/meps.json', meps),
    bodies: parseBodiesFile('content/data/ep-bodies.json', bodies),
    names: parseWith('content/data/ep-body-names.json', names, bodyNamesFileSchema),
    hash: sha256(meps, bodies, names),
    source: 'bundled',
  };
}

/** The Russian, Kazakh and Polish names of bodies (bundled), for an import that redefines the bodies. */
export function bundledBodyNames(): BodyNamesFile {
  return parseWith('content/data/ep-body-names.json', fs.readFileSync(path.join(DATA_DIR, 'ep-body-names.json'), 'utf8'), bodyNamesFileSchema);
}

const lock = (trx: Tx) => trx.raw("select pg_advisory_xact_lock(hashtext('dauys:mep-directory'))");

async function apply(trx: Tx, input: DirectoryInput): Promise<DirectoryDiff> {
  if (input.bodies) await upsertBodies(trx, input.bodies, input.names ?? bundledBodyNames());
  const missing = undefinedBodyCodes(input.records, await bodyKinds(trx));
  if (missing.length > 0) throw new DirectoryFileError(`body codes not defined in ep-bodies (or under another kind): ${missing.join(', ')}`);
  const diff = diffDirectory(await sittingState(trx), input.records);
  await upsertMeps(trx, input.records);
  await markNotSitting(trx, diff.absent, 'Not in the latest imported MEP file; kept so that old letters still resolve.');
  await recordLoad(trx, { source: input.source, fileHash: input.hash, records: input.records.length, joined: diff.joined.length, left: diff.left.length, changedGroup: diff.changedGroup.length });
  return diff;
}

/** Loads a file (an import): the diff it made. */
export function importDirectory(db: Db, input: DirectoryInput): Promise<DirectoryDiff> {
  return db.transaction(async (trx) => {
    await lock(trx);
    return apply(trx, input);
  });
}

/** Start-up: the bundled files, unless a load of the same content was done before. */
export async function loadBundledDirectory(db: Db): Promise<DirectoryDiff | undefined> {
  const input = readBundled();
  if (await wasLoaded(db, input.hash)) return undefined;
  return db.transaction(async (trx) => {
    await lock(trx);
    if (await wasLoaded(trx, input.hash)) return undefined;
    return apply(trx, input);
  });
}
