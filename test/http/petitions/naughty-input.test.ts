// Every string of the big list of naughty strings (and a polyglot) in every field of the signing form:
// never a 500, never reflected unescaped, and anything stored comes back as submitted (NFC, cleaned).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { decrypt } from '../../../src/lib/crypto.ts';
import { cleanLine } from '../../../src/lib/text.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { openForm, signatureFields } from '../../support/forms.ts';

const require = createRequire(import.meta.url);
const BLNS = require('big-list-of-naughty-strings') as string[];
const POLYGLOT = "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e";
const INPUTS = [...BLNS, POLYGLOT, 'x'.repeat(5000)];
const FIELDS = ['name', 'email', 'country', 'postcode', 'public', 'consent', 'updates'] as const;

describe('naughty input in every field of the signing form', () => {
  let t: TestApp;
  let tried = 0;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(async () => {
    console.log(`naughty-input: ${tried} requests, ${INPUTS.length} strings × ${FIELDS.length} fields`);
    await t.close();
  });

  for (const field of FIELDS) {
    it(`${field}: no 500 and no unescaped reflection`, async () => {
      const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
      const post = async (value: string, i: number) => {
        const email = field === 'email' ? value : `naughty-${field}-${i}@example.org`;
        const res = await agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send({ ...signatureFields({ email }), [field]: value, rendered });
        tried += 1;
        assert.ok(res.status === 303 || res.status === 422, `${field} #${i}: status ${res.status}`);
        if (value.includes('<') && res.status === 422) assert.equal(res.text.includes(value), false, `${field} #${i} reflected raw`);
      };
      for (let i = 0; i < INPUTS.length; i += 8) await Promise.all(INPUTS.slice(i, i + 8).map((value, j) => post(value, i + j)));
    });
  }

  it('names stored from naughty input decrypt to exactly what was submitted, cleaned', async () => {
    const rows = await t.db('signatures').whereNotNull('name_enc').select('name_enc');
    const names = new Set(INPUTS.map((v) => cleanLine(v)).concat('Aigerim Test'));
    assert.ok(rows.length > 100);
    for (const row of rows) assert.ok(names.has(decrypt(t.deps.secrets.encryptionKey, row.name_enc)));
  });
});
