// Sending through Dauys: nothing before the sender confirms their address; then each letter is
// delivered once, From "Name via Dauys", Reply-To the sender, in its language; its text is deleted and
// the count kept. One letter per sender, MEP and campaign; a newer unconfirmed request replaces an older.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LETTERS_DISPATCH, LETTERS_RETENTION } from '../../../src/letters/index.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { confirmLetters, letterBody, letterMailsTo, movableClock, postLetters, requestAndMail, sittingMeps, uniqueParagraph, wait } from '../../support/letters.ts';

describe('sending letters through Dauys', () => {
  let t: TestApp;
  // A Wednesday, 10:00 in Brussels: letters may go out at once.
  const clock = movableClock('2026-12-02T09:00:00Z');
  const [german, polish, third, fourth, fifth] = [sittingMeps({ country: 'DE', gender: 'male' })[0]!, sittingMeps({ country: 'PL', gender: 'female' })[0]!, sittingMeps({ country: 'FR' })[0]!, sittingMeps({ country: 'IT' })[0]!, sittingMeps({ country: 'ES' })[0]!];
  before(async () => (t = await buildTestApp({ clock })));
  after(() => t.close());

  it('a letter goes out only after confirmation, once, From "Name via Dauys", Reply-To the sender', async () => {
    const personal = `${uniqueParagraph()}\n\nA second paragraph with <b>markup</b> & "quotes".`;
    const mail = await requestAndMail(t.app, t.smtp, { email: 'anna.nowak@example.org', meps: [german.id, polish.id], personal, followup: true });
    assert.equal(mail.subject, 'Please confirm your letters to MEPs');
    assert.ok(mail.text!.includes(german.fullName) && mail.text!.includes(polish.fullName));
    assert.equal(mail.headers.get('content-language'), 'en');

    await t.deps.jobs.send(LETTERS_DISPATCH, {});
    await wait(2000);
    assert.equal(letterMailsTo(t.smtp, german).length + letterMailsTo(t.smtp, polish).length, 0, 'nothing before confirmation');
    assert.deepEqual((await t.db('letters').select('state')).map((r) => r.state), ['pending', 'pending']);

    const status = await confirmLetters(t.app, mail);
    const [toGerman] = await t.smtp.waitForTo(german.email!, 1);
    const [toPolish] = await t.smtp.waitForTo(polish.email!, 1);
    for (const [letter, lang] of [[toGerman!, 'en'], [toPolish!, 'pl']] as const) {
      assert.equal(letter.from?.value[0]?.name, 'Anna Nowak via Dauys');
      assert.equal(letter.from?.value[0]?.address, 'no-reply@localhost');
      assert.equal(letter.replyTo?.value[0]?.address, 'anna.nowak@example.org');
      assert.equal(letter.headers.get('auto-submitted'), undefined, 'a person wrote it');
      assert.equal(letter.headers.get('content-language'), lang);
      assert.match(letter.messageId ?? '', /^<letter-\d+@localhost>$/);
      assert.ok(letter.text!.includes(personal), 'the paragraph intact in the text part');
      assert.ok(String(letter.html).includes('A second paragraph with &lt;b&gt;markup&lt;/b&gt; &amp; &#34;quotes&#34;.'), 'escaped in the HTML part');
      assert.doesNotMatch(String(letter.html), /<b>markup/);
    }
    assert.equal(toPolish!.subject, 'Umowa UE–Kazachstan i więźniowie polityczni');
    assert.ok(toPolish!.text!.includes('Szanowna Pani Poseł,'));

    // Pressing the link again, and more dispatch runs, send nothing more.
    await request(t.app).post(status).set('Sec-Fetch-Site', 'same-origin').type('form').send('').expect(303);
    await t.deps.jobs.send(LETTERS_DISPATCH, {});
    await wait(2000);
    assert.equal(letterMailsTo(t.smtp, german).length, 1);
    assert.equal(letterMailsTo(t.smtp, polish).length, 1);

    const rows = await t.db('letters').select('state', 'subject_enc', 'body_enc', 'sent_at');
    assert.ok(rows.every((r) => r.state === 'sent' && r.subject_enc === null && r.body_enc === null && r.sent_at), 'texts deleted after delivery');
    const counts = await t.db('mep_letter_counts').whereIn('mep_id', [german.id, polish.id]).select('mep_id', 'sent');
    assert.deepEqual(counts.map((c) => c.sent), [1, 1], 'counts kept');
    const page = await request(t.app).get(status).expect(200);
    assert.match(page.text, /delivered on 2 December 2026/);
  });

  it('one letter per sender, MEP and campaign: asking again names the MEP already written to and sends nothing twice', async () => {
    const mail = await requestAndMail(t.app, t.smtp, { email: 'Anna.Nowak@EXAMPLE.org', meps: [german.id, third.id] });
    assert.match(mail.text!, new RegExp(`already written to this MEP[^]*${german.fullName}`));
    assert.ok(mail.text!.includes(third.fullName));
    await confirmLetters(t.app, mail);
    await t.smtp.waitForTo(third.email!, 1);
    await wait(1500);
    assert.equal(letterMailsTo(t.smtp, german).length, 1, 'the German MEP still got one letter from Anna');
    const counted = (await t.db('letters').where({ mep_id: german.id }).whereNot({ state: 'cancelled' }).count('* as n')) as { n: string }[];
    assert.equal(Number(counted[0]!.n), 1);
  });

  it('a newer request replaces one that was never confirmed', async () => {
    const first = await requestAndMail(t.app, t.smtp, { email: 'replace@example.org', meps: [fourth.id], personal: uniqueParagraph('first') });
    const secondText = uniqueParagraph('second');
    const second = await requestAndMail(t.app, t.smtp, { email: 'replace@example.org', meps: [fourth.id], personal: secondText });
    const oldStatus = await confirmLetters(t.app, first);
    await confirmLetters(t.app, second);
    const [letter] = await t.smtp.waitForTo(fourth.email!, 1);
    await wait(1500);
    assert.equal(letterMailsTo(t.smtp, fourth).length, 1);
    assert.ok(letter!.text!.includes(secondText));
    const page = await request(t.app).get(oldStatus).expect(200);
    assert.doesNotMatch(page.text, new RegExp(fourth.fullName), 'the replaced letter is gone from the first request');
  });

  it('a filled honeypot looks like success and stores nothing', async () => {
    const before = await t.db('letter_requests').count('* as n');
    const res = await postLetters(t.app, '/en/letters/send', letterBody({ email: 'bot@example.org', meps: [fifth.id], extra: [['website', 'http://spam.example']] })).expect(200);
    assert.match(res.text, /Check your email/);
    assert.deepEqual(await t.db('letter_requests').count('* as n'), before);
  });

  it('a permanent refusal by the mail server ends the letter without retries; its text is deleted', async () => {
    const mail = await requestAndMail(t.app, t.smtp, { email: 'refused@example.org', meps: [fifth.id] });
    t.smtp.failNext(1, 550);
    await confirmLetters(t.app, mail);
    await wait(4000);
    assert.equal(letterMailsTo(t.smtp, fifth).length, 0);
    const row = await t.db('letters').where({ mep_id: fifth.id }).first('state', 'body_enc');
    assert.equal(row?.state, 'failed');
    assert.equal(row?.body_enc, null);
  });

  it('outside office hours the letter waits for Monday; an MEP who left meanwhile does not get it', async () => {
    const [leaving, staying] = sittingMeps({ country: 'BE' });
    clock.set('2026-12-05T12:00:00Z'); // a Saturday
    const mail = await requestAndMail(t.app, t.smtp, { email: 'weekend@example.org', meps: [leaving!.id, staying!.id] });
    await confirmLetters(t.app, mail);
    const slots = (await t.db('letters').whereIn('mep_id', [leaving!.id, staying!.id]).select('send_after')) as { send_after: Date }[];
    assert.deepEqual(slots.map((s) => s.send_after.toISOString()), ['2026-12-07T08:00:00.000Z', '2026-12-07T08:00:00.000Z'], 'Monday 09:00 in Brussels');
    await t.deps.jobs.send(LETTERS_DISPATCH, {});
    await wait(1500);
    assert.equal(letterMailsTo(t.smtp, staying!).length, 0, 'nothing at the weekend');
    await t.db('meps').where({ id: leaving!.id }).update({ active: false });
    clock.set('2026-12-07T08:00:30Z');
    await t.deps.jobs.send(LETTERS_DISPATCH, {});
    await t.smtp.waitForTo(staying!.email!, 1);
    await wait(1500);
    assert.equal(letterMailsTo(t.smtp, leaving!).length, 0);
    assert.equal((await t.db('letters').where({ mep_id: leaving!.id }).first('state'))?.state, 'failed');
    await t.db('meps').where({ id: leaving!.id }).update({ active: true });
    clock.set('2026-12-02T09:00:00Z');
  });

  it('a request never confirmed expires after seven days; its letters and the sender’s data are deleted', async () => {
    const [mep] = sittingMeps({ country: 'NL' });
    await requestAndMail(t.app, t.smtp, { email: 'late@example.org', meps: [mep!.id] });
    clock.advance(8 * 24 * 3600 * 1000);
    await t.deps.jobs.send(LETTERS_RETENTION, {});
    for (let i = 0; i < 40; i += 1) {
      const row = await t.db('letter_requests').orderBy('id', 'desc').first('state');
      if (row?.state === 'expired') break;
      await wait(250);
    }
    const request_ = await t.db('letter_requests').orderBy('id', 'desc').first('state', 'email_enc', 'name_enc');
    assert.deepEqual(request_, { state: 'expired', email_enc: null, name_enc: null });
    const letter = await t.db('letters').where({ mep_id: mep!.id }).first('state', 'body_enc');
    assert.deepEqual(letter, { state: 'cancelled', body_enc: null });
  });
});
