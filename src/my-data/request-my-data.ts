// Use-case: someone asks for what is held about an address. The answer never says whether anything is:
// for every address (known, unknown, or over its limit) the form gets the same 303. Within the limits,
// the same work is done for every address too: the request is stored (address encrypted) with its email
// job, in one transaction; the job looks the address up and sends the link only if something is held.
import type { Lang } from '../i18n/languages.ts';
import { emailHashOf } from '../erasure/index.ts';
import { encrypt } from '../lib/crypto.ts';
import { hashIp } from '../web/ip-hash.ts';
import { takeAll } from '../web/rate-limits.ts';
import type { MyDataDeps } from './my-data-deps.ts';
import { MY_DATA_EMAIL, type MyDataJob } from './my-data-jobs.ts';
import { insertRequest } from './my-data.repo.ts';

export type RequestResult = { kind: 'accepted' } | { kind: 'invalid' };

export async function requestMyData(deps: MyDataDeps, input: { email: string; lang: Lang; ip: string | undefined }): Promise<RequestResult> {
  const emailHash = emailHashOf(deps.secrets, input.email);
  if (!emailHash) return { kind: 'invalid' };
  const now = deps.clock.now();
  const ipHash = hashIp(deps.secrets.ipKey, input.ip, now);
  const emailEnc = encrypt(deps.secrets.encryptionKey, input.email);
  await deps.db.transaction(async (trx) => {
    const [ipAllowed, mailAllowed] = await takeAll(
      trx,
      [
        { limit: deps.limits.requestsPerIp, key: ipHash ? ipHash.toString('base64url') : 'no-ip' },
        { limit: deps.limits.mailsPerAddress, key: emailHash.toString('base64url') },
      ],
      now,
    );
    if (!ipAllowed || !mailAllowed) return; // the same answer; nothing stored or sent
    const requestId = await insertRequest(trx, { emailHash, emailEnc, lang: input.lang, now });
    await deps.jobs.send<MyDataJob>(MY_DATA_EMAIL, { requestId }, trx);
  });
  return { kind: 'accepted' };
}
