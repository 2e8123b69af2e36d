// Reads the default content files in content/ (validated by each capability's zod schema).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

export const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'content');

export interface ContentFile<T> {
  readonly name: string;
  readonly data: T;
  readonly hash: string;
}

export function readContentFiles<S extends z.ZodType>(folder: string, pattern: RegExp, schema: S): ContentFile<z.infer<S>>[] {
  const dir = path.join(CONTENT_DIR, folder);
  return fs
    .readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const parsed = schema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`content/${folder}/${name}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      return { name, data: parsed.data, hash: createHash('sha256').update(text).digest('hex') };
    });
}
