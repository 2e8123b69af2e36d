// Registers every capability's job handlers on the queue.
import type { AppDeps } from '../container.ts';
import { registerPetitionWorkers } from '../petitions/index.ts';

export async function registerWorkers(deps: AppDeps): Promise<void> {
  await registerPetitionWorkers(deps);
}
