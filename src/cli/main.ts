// npm run cli -- <command> [options]: the operators' commands, contributed by each capability
// (capabilities.ts). It reads the same configuration as npm start. On the embedded database it uses the
// cluster of a running npm start (same DATA_DIR), or starts the cluster itself and stops it afterwards.
import { CAPABILITIES } from '../capabilities.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateLatest } from '../db/migrate.ts';
import { createLogger } from '../log.ts';
import { resolveSecrets, type Secrets } from '../secrets.ts';
import { CliUsageError, parseArgs, type CliCommand } from './command.ts';

const commands = new Map<string, CliCommand>(CAPABILITIES.flatMap((c) => c.commands ?? []).map((c) => [c.name, c]));

function help(): string {
  const lines = [...commands.values()].sort((a, b) => a.name.localeCompare(b.name)).map((c) => `  ${`${c.name} ${c.usage}`.padEnd(64)} ${c.summary}`);
  return `usage: npm run cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = commands.get(name);
  if (!command) {
    process.stderr.write(`dauys: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel).child({ cli: name });
  // Resolved when a command first reads them: in an empty DATA_DIR (restore) none are generated.
  let secrets: Secrets | undefined;
  let database: Database | undefined;
  try {
    if (command.needsDatabase !== false) {
      database = await openDatabase(config, logger, 'cli');
      await migrateLatest(database.db);
    }
    return await command.run({ config, get secrets() { return (secrets ??= resolveSecrets(config)); }, db: database?.db as Database['db'], databaseUrl: database?.url ?? '', logger, out: process.stdout, stdin: process.stdin }, parseArgs(rest));
  } finally {
    await database?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliUsageError || error instanceof ConfigError) {
      process.stderr.write(`dauys: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`dauys: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
