// Use-case: an organiser sets the partner sites that may frame a petition's embed; written with its
// audit entry in one transaction. Framing follows within a second or two (the list is kept that long).
import { audit } from '../admin/index.ts';
import type { EmbedDeps } from './embed-deps.ts';
import { replacePartnerOrigins } from './partners.repo.ts';

export async function savePartnerOrigins(deps: EmbedDeps, input: { actor: string; petitionId: number; origins: readonly string[] }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const { added, removed } = await replacePartnerOrigins(trx, input.petitionId, input.origins, now);
    // Counts only: an origin such as http://127.0.0.1:8080 would read as an IP address to the audit log.
    await audit(trx, { actor: input.actor, action: 'embed-origins.updated', subject: `petition:${input.petitionId}`, details: { origins: input.origins.length, added, removed }, at: now });
  });
}
