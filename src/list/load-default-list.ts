// Loads content/list/*.json as draft entries, once: an entry whose slug exists is never touched again (its
// versions belong to the organisers). Nothing here is ever published: publishing needs two organisers.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/knex.ts';
import { CONTENT_DIR } from '../db/content-files.ts';
import { contentOf, entryFileSchema } from './entry.schema.ts';
import { entryBySlug } from './entries.repo.ts';
import { saveVersion } from './save-version.ts';

export const LIST_CONTENT_DIR = path.join(CONTENT_DIR, 'list');

export async function loadDefaultList(db: Db): Promise<void> {
  if (!fs.existsSync(LIST_CONTENT_DIR)) return;
  for (const file of fs.readdirSync(LIST_CONTENT_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = entryFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(LIST_CONTENT_DIR, file), 'utf8')));
    if (!parsed.success) throw new Error(`content/list/${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    if (await entryBySlug(db, parsed.data.slug)) continue;
    try {
      await saveVersion({ db }, { slug: parsed.data.slug, content: contentOf(parsed.data), note: parsed.data.note, by: null });
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error; // another instance loaded it at the same moment
    }
  }
}
