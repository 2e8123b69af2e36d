// A paragraph that is a near-copy of a letter already released to the same MEP is not sent through
// the platform (the drafts page says so, the send is refused for that MEP), and the sender still gets
// the mailto link, the text to copy and the PDF. Checked again at confirmation, against letters
// released meanwhile.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { highestSimilarities } from '../../../src/letters/fingerprint.repo.ts';
import { decodeMailto } from '../../../src/letters/mailto.ts';
import { minhash, NEAR_COPY_THRESHOLD } from '../../../src/letters/similarity.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { confirmLetters, letterBody, letterMailsTo, movableClock, postLetters, requestAndMail, sittingMeps, uniqueParagraph, wait } from '../../support/letters.ts';

const ORIGINAL =
  'I grew up in Almaty and moved to Kraków to study. My cousin worked in the oil fields of Mangystau and still does not speak about December 2011. ' +
  'I am asking you, as my representative, to make sure that the Parliament does not treat the agreement with Kazakhstan as business as usual.';
const NEAR_COPY = ORIGINAL.replace('Almaty', 'Shymkent').replace('cousin', 'uncle').toUpperCase();

describe('near-copies', () => {
  let t: TestApp;
  const clock = movableClock('2026-12-02T09:00:00Z');
  const [target, elsewhere, raced] = [sittingMeps({ country: 'PL' })[3]!, sittingMeps({ country: 'PL' })[4]!, sittingMeps({ country: 'PL' })[5]!];
  before(async () => {
    t = await buildTestApp({ clock });
    const mail = await requestAndMail(t.app, t.smtp, { email: 'first@example.org', meps: [target.id], personal: ORIGINAL });
    await confirmLetters(t.app, mail);
    await t.smtp.waitForTo(target.email!, 1);
  });
  after(() => t.close());

  it('the drafts page says a near-copy cannot go through Dauys, and still offers mailto, the text and the PDF', async () => {
    const res = await postLetters(t.app, '/en/letters/drafts', letterBody({ email: 'second@example.org', meps: [target.id, elsewhere.id], personal: NEAR_COPY })).expect(200);
    const sections = res.text.split('<section class="draft"').slice(1);
    const [forTarget, forElsewhere] = [sections.find((s) => s.includes(`id="letter-${target.id}"`))!, sections.find((s) => s.includes(`id="letter-${elsewhere.id}"`))!];
    assert.match(forTarget, /draft__platform--near-copy/);
    assert.match(forTarget, /href="mailto:/);
    assert.match(forTarget, /name="pdf" value="\d+"/);
    assert.match(forTarget, /<textarea class="field__input draft__text"/);
    assert.match(forElsewhere, /draft__platform--ok/, 'the same paragraph to another MEP is fine');
    assert.match(res.text, /Send 1 letter through Dauys/);
  });

  it('drafts asked at the same moment (one grouped lookup) each get their own answer', async () => {
    const asks = Array.from({ length: 24 }, (_, i) => ({ i, copy: i % 3 === 0, meps: i % 2 === 0 ? [target.id, elsewhere.id] : [target.id] }));
    const pages = await Promise.all(asks.map((a) => postLetters(t.app, '/en/letters/drafts', letterBody({ email: `group-${a.i}@example.org`, meps: a.meps, personal: a.copy ? NEAR_COPY : uniqueParagraph(`group ${a.i}`) })).expect(200)));
    pages.forEach((res, k) => {
      const a = asks[k]!;
      const forTarget = res.text.split('<section class="draft"').slice(1).find((s) => s.includes(`id="letter-${target.id}"`))!;
      assert.match(forTarget, a.copy ? /draft__platform--near-copy/ : /draft__platform--ok/, `request ${a.i}`);
      if (a.meps.length === 2) assert.match(res.text, a.copy ? /Send 1 letter through Dauys/ : /Send 2 letters through Dauys/, `request ${a.i}`);
    });
  });

  it('one grouped statement answers each ask with its own similarities', async () => {
    const [copy, other, empty] = await highestSimilarities(t.db, [
      { mepIds: [target.id, elsewhere.id], signature: minhash(NEAR_COPY) },
      { mepIds: [target.id], signature: minhash(uniqueParagraph('grouped')) },
      { mepIds: [], signature: minhash(ORIGINAL) },
    ]);
    assert.ok(copy!.get(target.id)! >= NEAR_COPY_THRESHOLD, `near-copy similarity ${copy!.get(target.id)}`);
    assert.equal(copy!.get(elsewhere.id), 0);
    assert.ok(other!.get(target.id)! < NEAR_COPY_THRESHOLD);
    assert.equal(empty!.size, 0);
  });

  it('sending refuses the near-copy for that MEP only, and lists it with its mailto link', async () => {
    const res = await postLetters(t.app, '/en/letters/send', letterBody({ email: 'second@example.org', meps: [target.id, elsewhere.id], personal: NEAR_COPY })).expect(200);
    assert.match(res.text, /Letters Dauys will not send/);
    const href = res.text.match(/<li><strong>[^<]+<\/strong>: [^<]*<a href="(mailto:[^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(href);
    assert.equal(decodeMailto(href!).to, target.email);
    const stored = await t.db('letters as l').join('letter_requests as r', 'r.id', 'l.request_id').where('l.mep_id', target.id).count('* as n');
    assert.equal(Number((stored as { n: string }[])[0]!.n), 1, 'no second letter stored for the MEP');
    const mail = (await t.smtp.waitForTo('second@example.org', 1))[0]!;
    assert.ok(mail.text!.includes(elsewhere.fullName) && !mail.text!.includes(target.fullName));
  });

  it('only near-copies: a 422 page with every letter still offered by mailto', async () => {
    const res = await postLetters(t.app, '/en/letters/send', letterBody({ email: 'third@example.org', meps: [target.id], personal: NEAR_COPY }));
    assert.equal(res.status, 422);
    assert.match(res.text, /Dauys cannot send any of these letters/);
    assert.match(res.text, /href="mailto:/);
  });

  it('two near-copies waiting for confirmation: the second confirmed is refused', async () => {
    const text = uniqueParagraph('race');
    const [one, two] = await Promise.all([
      requestAndMail(t.app, t.smtp, { email: 'race-1@example.org', meps: [raced.id], personal: text }),
      requestAndMail(t.app, t.smtp, { email: 'race-2@example.org', meps: [raced.id], personal: `${text} Thanks.` }),
    ]);
    await confirmLetters(t.app, one);
    const status = await confirmLetters(t.app, two);
    await t.smtp.waitForTo(raced.email!, 1);
    await wait(2000);
    assert.equal(letterMailsTo(t.smtp, raced).length, 1);
    const page = await request(t.app).get(status).expect(200);
    assert.match(page.text, /not sent: your paragraph was very close to another letter this MEP received/);
  });

  it('a short paragraph, or none, is for mailto only', async () => {
    const res = await postLetters(t.app, '/en/letters/drafts', letterBody({ meps: [elsewhere.id], personal: 'Please act now.' })).expect(200);
    assert.match(res.text, /draft__platform--too-short/);
    assert.match(res.text, /None of these letters can go through Dauys/);
    const none = await postLetters(t.app, '/en/letters/drafts', letterBody({ meps: [elsewhere.id], personal: '' })).expect(200);
    assert.match(none.text, /draft__platform--no-personal/);
  });
});
