// The app's version (package.json), recorded in backups.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_JSON = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');

export function appVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as { name?: string; version?: string };
  return `${pkg.name ?? 'dauys'} ${pkg.version ?? '0.0.0'}`;
}
