// The per-MEP pace and the one-letter rule hold across two app instances on one database: letters to
// one MEP, confirmed at the same moment on both, get distinct slots 10 minutes apart (6 an hour), in
// Brussels office hours, and go out at their slot, once each, whichever instance dispatches them.
import assert from 'node:assert/strict';
import type { Express } from 'express';
import { after, before, describe, it } from 'node:test';
import { LETTERS_DISPATCH } from '../../../src/letters/index.ts';
import { isOfficeTime } from '../../../src/letters/pace.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { confirmLetters, letterBody, letterMailsTo, movableClock, postLetters, requestAndMail, sittingMeps, uniqueParagraph, wait } from '../../support/letters.ts';
import type { AppDeps } from '../../../src/container.ts';

const MINUTE = 60_000;
const SENDERS = 12;

describe('pace and one-letter rule across two instances', () => {
  let t: TestApp;
  let a: { app: Express; deps: AppDeps };
  let b: { app: Express; deps: AppDeps };
  const clock = movableClock('2026-12-02T09:00:00Z'); // Wednesday, 10:00 in Brussels
  const [busy, other, single] = [sittingMeps({ country: 'FR' })[0]!, sittingMeps({ country: 'FR' })[1]!, sittingMeps({ country: 'SE' })[0]!];

  before(async () => {
    t = await buildTestApp({ clock });
    a = { app: t.app, deps: t.deps };
    b = await t.instance({ workers: true, clock });
  });
  after(() => t.close());

  it(`${SENDERS} letters to one MEP confirmed at once on both instances: 10 minutes apart, in office hours, sent at their slot, once`, async () => {
    const mails = await Promise.all(
      Array.from({ length: SENDERS }, (_, i) => requestAndMail(i % 2 ? a.app : b.app, t.smtp, { email: `pace-${i}@example.org`, meps: i === 0 ? [busy.id, other.id] : [busy.id], personal: uniqueParagraph(`pace ${i}`) })),
    );
    await Promise.all(mails.map((mail, i) => confirmLetters(i % 2 ? b.app : a.app, mail)));

    const slots = ((await t.db('letters').where({ mep_id: busy.id }).whereNot({ state: 'cancelled' }).select('send_after')) as { send_after: Date }[]).map((r) => r.send_after.getTime()).sort((x, y) => x - y);
    assert.equal(slots.length, SENDERS);
    const start = new Date('2026-12-02T09:00:00Z').getTime();
    assert.deepEqual(slots, Array.from({ length: SENDERS }, (_, i) => start + i * 10 * MINUTE), 'one slot every 10 minutes from now, none shared');
    assert.ok(slots.every((s) => isOfficeTime(new Date(s))));
    for (const s of slots) assert.ok(slots.filter((x) => x >= s && x < s + 60 * MINUTE).length <= 6, 'at most 6 in any hour');
    const [otherSlot] = (await t.db('letters').where({ mep_id: other.id }).select('send_after')) as { send_after: Date }[];
    assert.equal(otherSlot!.send_after.getTime(), start, 'each MEP has a schedule of its own');

    // At 10:00 only the first letter is due; both instances dispatch.
    await t.smtp.waitForTo(busy.email!, 1);
    await Promise.all([a.deps.jobs.send(LETTERS_DISPATCH, {}), b.deps.jobs.send(LETTERS_DISPATCH, {})]);
    await wait(2500);
    assert.equal(letterMailsTo(t.smtp, busy).length, 1);

    // 35 minutes later: the slots of 10:10, 10:20 and 10:30 have come.
    clock.advance(35 * MINUTE);
    await Promise.all([a.deps.jobs.send(LETTERS_DISPATCH, {}), b.deps.jobs.send(LETTERS_DISPATCH, {}), a.deps.jobs.send(LETTERS_DISPATCH, {})]);
    await t.smtp.waitForTo(busy.email!, 4);
    await wait(2500);
    assert.equal(letterMailsTo(t.smtp, busy).length, 4, 'each due letter once, none early');
    const ids = letterMailsTo(t.smtp, busy).map((m) => m.messageId);
    assert.equal(new Set(ids).size, 4);
  });

  it('the same address asking on both instances at once gets one letter to the MEP', async () => {
    const bodies = [0, 1].map((i) => letterBody({ email: 'twice@example.org', meps: [single.id], personal: uniqueParagraph(`twice ${i}`) }));
    const answers = await Promise.all([postLetters(a.app, '/en/letters/send', bodies[0]!), postLetters(b.app, '/en/letters/send', bodies[1]!)]);
    assert.deepEqual(answers.map((r) => r.status), [200, 200], 'the same answer to both');
    await t.smtp.waitForTo('twice@example.org', 1);
    await wait(2000); // the older request's email is not sent when the newer one replaced all its letters
    const mails = t.smtp.to('twice@example.org').filter((m) => /\/letters\/confirm\//.test(m.text ?? ''));
    assert.ok(mails.length >= 1);
    await Promise.all(mails.map((mail, i) => confirmLetters(i ? a.app : b.app, mail)));
    await t.smtp.waitForTo(single.email!, 1);
    await Promise.all([a.deps.jobs.send(LETTERS_DISPATCH, {}), b.deps.jobs.send(LETTERS_DISPATCH, {})]);
    await wait(2500);
    assert.equal(letterMailsTo(t.smtp, single).length, 1);
    const live = await t.db('letters').where({ mep_id: single.id }).whereNot({ state: 'cancelled' }).count('* as n');
    assert.equal(Number((live as { n: string }[])[0]!.n), 1);
  });
});
