// npm run cli -- backup --out FILE: an online backup of the embedded database (see take-backup.ts),
// beside a running npm start or on its own (then the cluster is started for it and stopped afterwards).
// It never migrates: the backup holds the database as it was.
import path from 'node:path';
import { CliUsageError, requireOption, type CliCommand } from '../cli/command.ts';
import { openDatabase } from '../db/database.ts';
import { appVersion } from './app-version.ts';
import { dataKeyCheck } from './backup-format.ts';
import { takeBackup } from './take-backup.ts';

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: '--out FILE',
  summary: 'online backup of the embedded database (tar.gz with a manifest)',
  needsDatabase: false,
  async run({ config, logger, out }, args) {
    if (config.databaseUrl) {
      throw new CliUsageError("DATABASE_URL is set: back up that server with its own tools (pg_dump -Fc, or pg_basebackup with WAL archiving), at the server's version");
    }
    const file = path.resolve(requireOption(args, 'out'));
    const database = await openDatabase(config, logger, 'cli');
    let result;
    try {
      result = await takeBackup({ databaseUrl: database.url, dataDir: config.dataDir, appVersion: appVersion(), dataKeyCheck: dataKeyCheck(config.dataKey, config.dataDir), out: file });
    } finally {
      await database.close();
    }
    const { manifest } = result;
    out.write(
      [
        `backup written: ${result.file}`,
        `  ${mb(result.bytes)} compressed from ${mb(result.dataBytes)} (${result.files} files, ${result.walSegments} WAL segments) in ${(result.ms / 1000).toFixed(1)} s`,
        `  sha256 ${result.sha256}`,
        `  PostgreSQL ${manifest.postgresVersion}, ${manifest.appVersion}, migration ${manifest.migration ?? 'none'}; WAL ${manifest.startLsn} to ${manifest.stopLsn}`,
        '  Not in the backup: DATA_KEY and SESSION_SECRET (the environment, or DATA_DIR/secrets.json). Keep them apart from it:',
        '  without DATA_KEY the names and addresses in it cannot be read.',
        '',
      ].join('\n'),
    );
    return 0;
  },
};
