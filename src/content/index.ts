// The content capability: the organisers' pages that edit petition and campaign texts per language
// (Markdown, previewed as the public pages render it: lib/markdown.ts), goals and milestones, open and
// close petitions and create new ones. Edits set edited_at (the default content never overwrites them)
// and raise the content version, so every instance's page caches follow (lib/content-version.ts).
import type { Capability } from '../capability.ts';
import { contentAdmin } from './content.routes.ts';

export const contentCapability: Capability = {
  name: 'content',
  web: (deps) => ({ admin: contentAdmin({ db: deps.db, clock: deps.clock, i18n: deps.i18n }) }),
};
