// npm run cli -- db:copy --to postgres://…: moves the embedded database to an empty database on a
// PostgreSQL server (see copy-database.ts), checks the counts on both sides and prints the DATABASE_URL
// line to use from then on. Stop npm start first: what is signed after the copy would stay behind.
import { CliUsageError, requireOption, type CliCommand } from '../cli/command.ts';
import { openDatabase } from '../db/database.ts';
import { readOwner } from '../db/data-dir-lock.ts';
import { createDb } from '../db/knex.ts';
import { migrateLatest } from '../db/migrate.ts';
import { readPetitionTotals } from '../petitions/index.ts';
import { copyDatabase, CopyRefused } from './copy-database.ts';

function targetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliUsageError('--to must be a PostgreSQL URL: postgres://user:password@host:5432/database');
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || url.pathname.length < 2) throw new CliUsageError('--to must be a PostgreSQL URL with a database name: postgres://user:password@host:5432/database');
  return raw;
}

export const dbCopyCommand: CliCommand = {
  name: 'db:copy',
  usage: '--to postgres://user:pass@host:5432/db',
  summary: 'copy the embedded database into an empty PostgreSQL database',
  needsDatabase: false,
  async run({ config, logger, out }, args) {
    if (config.databaseUrl) throw new CliUsageError('DATABASE_URL is set: db:copy copies the embedded database (unset DATABASE_URL, same DATA_DIR)');
    const to = targetUrl(requireOption(args, 'to'));
    const owner = readOwner(config.dataDir);
    if (owner?.role === 'app' && args.options['while-running'] !== true) {
      throw new CliUsageError(`npm start is running on ${config.dataDir} (pid ${owner.pid}): stop it first, so nothing is signed after the copy (or pass --while-running to copy a consistent snapshot anyway)`);
    }
    const source = await openDatabase(config, logger, 'cli');
    try {
      await migrateLatest(source.db); // both sides at the migration level of this code
      let report;
      try {
        report = await copyDatabase({ sourceUrl: source.url, targetUrl: to, progress: (line) => out.write(`${line}\n`) });
      } catch (error) {
        if (error instanceof CopyRefused) throw new CliUsageError(error.message);
        throw new Error(`${(error as Error).message}. The target may now hold a partial schema: drop and recreate it before trying again`);
      }
      const target = createDb(to, { poolMax: 2 });
      try {
        const [before, after] = await Promise.all([readPetitionTotals(source.db), readPetitionTotals(target)]);
        for (const petition of after) {
          const was = before.find((p) => p.slug === petition.slug);
          out.write(`petition ${petition.slug}: ${petition.counted} confirmed on the server, ${was?.counted ?? 0} in the embedded database (${petition.confirmed} confirmed rows)\n`);
          if (!was || was.counted !== petition.counted || was.confirmed !== petition.confirmed) throw new Error(`the petition counts differ for ${petition.slug}: the embedded database changed during the copy (was npm start running?)`);
        }
      } finally {
        await target.destroy();
      }
      out.write(
        [
          `copied ${report.rows} rows in ${report.tables.length} tables and ${report.sequences} sequences in ${(report.ms / 1000).toFixed(1)} s; every table's row count is equal on both sides.`,
          'From now on, start Dauys with (and keep the same DATA_KEY and SESSION_SECRET):',
          `DATABASE_URL=${to}`,
          '',
        ].join('\n'),
      );
      return 0;
    } finally {
      await source.close();
    }
  },
};
