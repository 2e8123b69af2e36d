// npm run cli -- meps:import FILE [--bodies FILE]: loads a newer MEP file of the same shape as
// content/data/meps.json and prints who joined, who left and who changed group.
import fs from 'node:fs';
import { CliUsageError, type CliCommand } from '../cli/command.ts';
import { formatDiff } from './directory-diff.ts';
import { DirectoryFileError, fileHash, importDirectory, parseBodiesFile, parseMepFile } from './load-directory.ts';

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export const importMepsCommand: CliCommand = {
  name: 'meps:import',
  usage: 'FILE [--bodies FILE]',
  summary: 'load a newer MEP file (the shape of content/data/meps.json) and print the changes',
  async run(context, args) {
    const file = args.positional[0];
    if (!file) throw new CliUsageError('meps:import needs the FILE to load');
    const bodiesFile = typeof args.options.bodies === 'string' ? args.options.bodies : undefined;
    try {
      const text = readFile(file);
      const records = parseMepFile(file, text);
      const bodies = bodiesFile ? parseBodiesFile(bodiesFile, readFile(bodiesFile)) : undefined;
      const diff = await importDirectory(context.db, { records, ...(bodies ? { bodies } : {}), hash: fileHash(text), source: 'import' });
      const sitting = records.filter((r) => r.active).length;
      context.out.write(`${file}: ${records.length} records, ${sitting} sitting\n${formatDiff(diff)}`);
      return 0;
    } catch (error) {
      if (error instanceof DirectoryFileError) throw new CliUsageError(error.message);
      throw error;
    }
  },
};
