// Use-cases behind an emailed link: what is held about its address (every erasure hook's records,
// decrypted), and erasing it all. A link shows nothing once expired or after the erasure (which deletes
// every link of the address). The erasure keeps the totals (removeFromTotals false: a signature stays
// counted, anonymised) and writes the audit entry erasure writes: a request id and counts per kind,
// never the address.
import { describeByHash, eraseByHash, type Described } from '../erasure/index.ts';
import { sha256 } from '../lib/crypto.ts';
import type { MyDataDeps } from './my-data-deps.ts';
import { emailHashOfToken } from './my-data.repo.ts';

/** The audit log's actor for what a person does with their own data. */
export const OWNER_ACTOR = 'signer';

const hashOf = (deps: MyDataDeps, token: string) => emailHashOfToken(deps.db, sha256(token), deps.clock.now());

export async function openMyData(deps: MyDataDeps, token: string): Promise<Described[] | undefined> {
  const emailHash = await hashOf(deps, token);
  return emailHash ? describeByHash(deps, emailHash) : undefined;
}

export async function eraseMyData(deps: MyDataDeps, token: string): Promise<{ requestId: string } | undefined> {
  const emailHash = await hashOf(deps, token);
  if (!emailHash) return undefined;
  const { requestId } = await eraseByHash(deps, { hash: emailHash, removeFromTotals: false, actor: OWNER_ACTOR, reason: 'own request (my-data link)' });
  return { requestId };
}
