// "Did they answer?": one email, in the sender's language, two weeks after the last of their letters
// was delivered (a moved clock), never twice; its links open pages with POST buttons whose answers
// give each MEP a response rate on the map; a sender can opt out; the sender's data are then erased.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LETTERS_FOLLOWUP } from '../../../src/letters/index.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { linkIn } from '../../support/smtp.ts';
import { confirmLetters, movableClock, requestAndMail, sittingMeps, uniqueParagraph, wait } from '../../support/letters.ts';

const DAY = 24 * 3600 * 1000;

describe('the follow-up email', () => {
  let t: TestApp;
  const clock = movableClock('2026-12-02T09:00:00Z');
  const [first, second, third] = sittingMeps({ country: 'AT' });
  before(async () => (t = await buildTestApp({ clock })));
  after(() => t.close());

  async function runFollowups(): Promise<void> {
    await t.deps.jobs.send(LETTERS_FOLLOWUP, {});
    await wait(2500);
  }

  it('is sent once, two weeks after delivery, in the sender’s language, with two buttons per MEP', async () => {
    const mail = await requestAndMail(t.app, t.smtp, { email: 'follow@example.org', meps: [first!.id, second!.id], followup: true, personal: uniqueParagraph() }, 'pl');
    await confirmLetters(t.app, mail);
    await t.smtp.waitForTo(second!.email!, 1);
    await t.smtp.waitForTo(first!.email!, 1);
    await wait(500);
    const due = await t.db('letter_requests').where({ followup: true }).first('followup_due_at');
    assert.equal(due?.followup_due_at.toISOString(), '2026-12-16T09:00:00.000Z');

    clock.set('2026-12-16T08:59:00Z');
    await runFollowups();
    assert.equal(t.smtp.to('follow@example.org').length, 1, 'not a minute early');

    clock.set('2026-12-16T10:00:00Z');
    await runFollowups();
    await runFollowups();
    const mails = t.smtp.to('follow@example.org');
    assert.equal(mails.length, 2, 'sent once');
    const followup = mails[1]!;
    assert.equal(followup.subject, 'Czy posłowie odpowiedzieli na Twoje listy?');
    assert.equal(followup.headers.get('content-language'), 'pl');
    assert.ok(followup.text!.includes(first!.fullName) && followup.text!.includes(second!.fullName));
    assert.equal((followup.text!.match(/\/pl\/letters\/answer\//g) ?? []).length, 4, 'two links per MEP');
    const erased = await t.db('letter_requests').where({ followup: true }).first('email_enc', 'name_enc', 'erased_at');
    assert.equal(erased?.email_enc, null);
    assert.ok(erased?.erased_at, 'the sender’s data are erased once it is sent');

    // A link opens a page with POST buttons; GET changes nothing.
    const replied = new URL(linkIn(followup, /\/pl\/letters\/answer\/\S+\?reply=yes/)).pathname + '?reply=yes';
    const page = await request(t.app).get(replied).expect(200);
    assert.match(page.text, /name="answer" value="replied"/);
    assert.match(page.text, /name="answer" value="no_reply"/);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    const path = replied.split('?')[0]!;
    const row = async () => t.db('mep_letter_counts').where({ mep_id: first!.id }).first('replied', 'no_reply');
    assert.deepEqual(await row(), { replied: 0, no_reply: 0 });
    await request(t.app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send('answer=replied').expect(200);
    await request(t.app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send('answer=replied').expect(200);
    const changedMep = followup.text!.indexOf(first!.fullName) < followup.text!.indexOf(second!.fullName) ? first! : second!;
    assert.deepEqual(await t.db('mep_letter_counts').where({ mep_id: changedMep.id }).first('replied', 'no_reply'), { replied: 1, no_reply: 0 }, 'counted once');
    await request(t.app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send('answer=no_reply').expect(200);
    assert.deepEqual(await t.db('mep_letter_counts').where({ mep_id: changedMep.id }).first('replied', 'no_reply'), { replied: 0, no_reply: 1 }, 'an answer can be changed');
    const bad = await request(t.app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send('answer=maybe');
    assert.equal(bad.status, 422);
    await request(t.app).post('/pl/letters/answer/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').set('Sec-Fetch-Site', 'same-origin').type('form').send('answer=replied').expect(410);

    await wait(2100); // the map is rendered at most every two seconds
    const map = await request(t.app).get('/pl/letters/map').expect(200);
    assert.match(map.text, /0 z 1 autora zgłasza odpowiedź/);
  });

  it('a sender who opted out gets no follow-up; their data are erased after delivery', async () => {
    clock.set('2026-12-17T09:00:00Z');
    const mail = await requestAndMail(t.app, t.smtp, { email: 'optout@example.org', meps: [third!.id], followup: true, personal: uniqueParagraph() });
    const optout = new URL(linkIn(mail, /\/letters\/no-followup\//)).pathname;
    await request(t.app).get(optout).expect(200);
    await request(t.app).post(optout).set('Sec-Fetch-Site', 'same-origin').type('form').send('').expect(200);
    await confirmLetters(t.app, mail);
    await t.smtp.waitForTo(third!.email!, 1);
    await wait(1000);
    const request_ = await t.db('letter_requests').orderBy('id', 'desc').first('followup', 'followup_due_at', 'email_enc');
    assert.deepEqual(request_, { followup: false, followup_due_at: null, email_enc: null });
    clock.advance(20 * DAY);
    await runFollowups();
    assert.equal(t.smtp.to('optout@example.org').length, 1, 'only the confirmation email');
  });
});
