// The MEP directory capability: the 10th Parliament's MEPs and EP bodies (content/data/), loaded at
// start-up and refreshed with `meps:import`; GET /api/v1/meps; and, for the letter tool, the directory.
import type { Capability } from '../capability.ts';
import { importMepsCommand } from './import-command.ts';
import { loadBundledDirectory } from './load-directory.ts';
import { mepsApi } from './meps.api.ts';
import { createMepDirectory } from './mep-directory.ts';

export { createMepDirectory, bodyName, sitsOn, sittingMeps, type DirectorySnapshot, type MepDirectory, type MepFilter, type BodyName } from './mep-directory.ts';
export type { Mep, EpBody } from './meps.repo.ts';
export { GROUPS, EU_COUNTRIES, type GroupCode } from './meps.schema.ts';

export const mepsCapability: Capability = {
  name: 'meps',
  loadDefaultContent: async (db) => void (await loadBundledDirectory(db)),
  web: (deps) => ({ api: mepsApi(createMepDirectory(deps.db)) }),
  commands: [importMepsCommand],
};
