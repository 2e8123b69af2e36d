// Loads content/petitions/*.json into the database, idempotently (see content/README.md).
import type { Db } from '../db/knex.ts';
import { readContentFiles } from '../db/content-files.ts';
import { petitionSettingsSchema, petitionTextSchema } from './petition.schema.ts';
import { upsertPetition, upsertPetitionText } from './petition.repo.ts';

export async function loadDefaultPetitions(db: Db): Promise<void> {
  const settings = readContentFiles('petitions', /^[a-z0-9-]+\.json$/, petitionSettingsSchema);
  const texts = readContentFiles('petitions', /^[a-z0-9-]+\.[a-z]{2}\.json$/, petitionTextSchema);
  await db.transaction(async (trx) => {
    const ids = new Map<string, number>();
    for (const file of settings) ids.set(file.data.slug, await upsertPetition(trx, file.data));
    for (const file of texts) {
      const id = ids.get(file.data.slug);
      if (id === undefined) throw new Error(`content/petitions/${file.name}: no ${file.data.slug}.json with its settings`);
      await upsertPetitionText(trx, id, file.data, file.hash);
    }
  });
}
