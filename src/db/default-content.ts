// Loads the default content of every capability at start-up, idempotently.
import type { Db } from './knex.ts';
import { loadDefaultCampaigns } from '../campaign/index.ts';
import { loadDefaultPetitions } from '../petitions/load-default-petitions.ts';

export async function loadDefaultContent(db: Db): Promise<void> {
  await loadDefaultCampaigns(db);
  await loadDefaultPetitions(db);
}
