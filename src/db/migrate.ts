// Applies the knex migrations in migrations/ (TypeScript, one change per file). Safe to run from several
// app instances at once: knex takes a lock table while migrating.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './knex.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ directory: MIGRATIONS_DIR, loadExtensions: ['.ts'] })) as [number, string[]];
  return applied;
}
