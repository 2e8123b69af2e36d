// The operations capability: the operators' commands for the embedded database (backup, restore) and for
// moving it to a PostgreSQL server (db:copy).
import type { Capability } from '../capability.ts';
import { backupCommand } from './backup.command.ts';
import { dbCopyCommand } from './db-copy.command.ts';
import { restoreCommand } from './restore.command.ts';

export const operationsCapability: Capability = {
  name: 'operations',
  commands: [backupCommand, restoreCommand, dbCopyCommand],
};
