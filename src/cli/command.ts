// One `npm run cli -- <name> [options]` command. Commands get a context with the configuration, the
// secrets and a database connection (see cli/main.ts), and parsed options; they print to `out`.
import type { Config } from '../config.ts';
import type { Db } from '../db/knex.ts';
import type { Logger } from '../log.ts';
import type { Secrets } from '../secrets.ts';

export interface CliContext {
  readonly config: Config;
  readonly secrets: Secrets;
  readonly db: Db;
  /** The database's connection URL (for tools that open their own connections). */
  readonly databaseUrl: string;
  readonly logger: Logger;
  readonly out: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

export interface ParsedArgs {
  /** --name value and --flag (true) options. */
  readonly options: Readonly<Record<string, string | true>>;
  readonly positional: readonly string[];
}

export interface CliCommand {
  readonly name: string;
  /** One line for the help text, e.g. "--email E --role admin|organiser|moderator". */
  readonly usage: string;
  readonly summary: string;
  /** Whether the command needs the database (most do); those that do not get no connection opened. */
  readonly needsDatabase?: boolean;
  run(context: CliContext, args: ParsedArgs): Promise<number>;
}

/** A failure the user can fix: printed as one line, exit code 2, no stack. */
export class CliUsageError extends Error {}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 2) {
      options[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      options[arg.slice(2)] = next;
      i += 1;
    } else options[arg.slice(2)] = true;
  }
  return { options, positional };
}

/** A required string option, or a usage error naming it. */
export function requireOption(args: ParsedArgs, name: string): string {
  const value = args.options[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliUsageError(`--${name} is required`);
  return value;
}
