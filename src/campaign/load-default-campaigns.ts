// Loads content/campaigns/*.json into the database, idempotently (see content/README.md).
import type { Db } from '../db/knex.ts';
import { readContentFiles } from '../db/content-files.ts';
import { campaignFileSchema } from './campaign.schema.ts';
import { ensureCampaign, upsertCampaignTranslation } from './campaign.repo.ts';

export async function loadDefaultCampaigns(db: Db): Promise<number> {
  const files = readContentFiles('campaigns', /^[a-z0-9-]+\.[a-z]{2}\.json$/, campaignFileSchema);
  await db.transaction(async (trx) => {
    for (const file of files) {
      const campaignId = await ensureCampaign(trx, file.data.slug);
      await upsertCampaignTranslation(trx, campaignId, file.data, file.hash);
    }
  });
  return files.length;
}
