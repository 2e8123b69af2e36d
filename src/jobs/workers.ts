// Registers every capability's job handlers on the queue.
import type { AppDeps } from '../container.ts';
import { MAX_EMAILS_IN_HAND as PETITION_EMAILS_IN_HAND, registerPetitionWorkers } from '../petitions/index.ts';

export async function registerWorkers(deps: AppDeps): Promise<void> {
  await registerPetitionWorkers(deps);
}

/** The most emails all capabilities' workers can hold at once. */
export const MAX_EMAILS_IN_HAND = PETITION_EMAILS_IN_HAND;
