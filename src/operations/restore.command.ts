// npm run cli -- restore FILE: puts a backup into an empty DATA_DIR (nothing may run there: no cluster
// is started). Then `npm start` replays the backup's WAL and serves the restored data.
import path from 'node:path';
import { CliUsageError, type CliCommand } from '../cli/command.ts';
import { embeddedLayout } from '../db/embedded-postgres.ts';
import { dataKeyCheck } from './backup-format.ts';
import { restoreBackup } from './restore-backup.ts';

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'FILE',
  summary: 'restore a backup into an empty DATA_DIR (then npm start)',
  needsDatabase: false,
  async run({ config, out }, args) {
    if (config.databaseUrl) throw new CliUsageError('DATABASE_URL is set: restore is for the embedded database; restore a server with its own tools (pg_restore)');
    const file = args.positional[0];
    if (!file) throw new CliUsageError('restore needs the backup file: npm run cli -- restore FILE');
    const result = await restoreBackup({ file: path.resolve(file), dataDir: config.dataDir, layout: (dataDir) => embeddedLayout(dataDir), dataKeyCheck: dataKeyCheck(config.dataKey, config.dataDir) });
    if (result.kind === 'refused') throw new CliUsageError(`restore refused: ${result.reason}`);
    const { manifest } = result;
    out.write(
      [
        `restored the backup of ${manifest.finishedAt} (PostgreSQL ${manifest.postgresVersion}, ${manifest.appVersion}, migration ${manifest.migration ?? 'none'})`,
        `  ${result.files} files checked against the manifest, into ${result.clusterDir}, in ${(result.ms / 1000).toFixed(1)} s`,
        result.keyMatches
          ? '  The DATA_KEY at hand is the one the backup was made with. Start it with npm start (same DATA_DIR).'
          : '  Before npm start (same DATA_DIR), set the DATA_KEY and SESSION_SECRET the backup was made with, or put its\n  secrets.json back into DATA_DIR: npm start would otherwise generate new ones, and names and addresses stay unreadable.',
        '',
      ].join('\n'),
    );
    return 0;
  },
};
