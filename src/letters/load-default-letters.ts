// Loads content/letters/*.json into the database, idempotently: a file's text replaces the stored one
// only while no organiser has edited it; settings and targets are written when the campaign is created.
import { createHash } from 'node:crypto';
import type { Db } from '../db/knex.ts';
import { readContentFiles } from '../db/content-files.ts';
import { EU_COUNTRIES } from '../meps/index.ts';
import { letterSettingsSchema, letterTextSchema } from './campaign.schema.ts';
import { ensureCampaign, upsertCampaignText, upsertDefaultPrisoner } from './campaign.repo.ts';

export async function loadDefaultLetters(db: Db): Promise<void> {
  const settings = readContentFiles('letters', /^[a-z0-9-]+\.json$/, letterSettingsSchema);
  const texts = readContentFiles('letters', /^[a-z0-9-]+\.[a-z]{2}\.json$/, letterTextSchema);
  await db.transaction(async (trx) => {
    await trx.raw("select pg_advisory_xact_lock(hashtext('dauys:letters-content'))");
    const ids = new Map<string, number>();
    for (const file of settings) {
      const { id } = await ensureCampaign(trx, file.data, EU_COUNTRIES);
      ids.set(file.data.slug, id);
      for (const [position, prisoner] of file.data.prisoners.entries()) {
        await upsertDefaultPrisoner(trx, id, prisoner, position, createHash('sha256').update(JSON.stringify(prisoner)).digest('hex'));
      }
    }
    for (const file of texts) {
      const id = ids.get(file.data.slug);
      if (id === undefined) throw new Error(`content/letters/${file.name}: no ${file.data.slug}.json with its settings`);
      await upsertCampaignText(trx, id, file.data, file.hash);
    }
  });
}
