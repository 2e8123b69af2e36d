// mailto: links decode back to the same letter, and stay within MAILTO_MAX_CHARS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMailto, MAILTO_MAX_CHARS, mailtoLink } from '../../../src/letters/mailto.ts';

describe('mailto links', () => {
  it('a letter that fits decodes back to the same subject and body (Polish, quotes, ampersands, line breaks)', () => {
    const subject = 'Umowa UE–Kazachstan: prawa człowieka & „lista Żanaozenu”?';
    const body = 'Szanowna Pani Poseł,\n\nPiszę z Krakowa.\n\n100% = #1 + a&b=c?d\n\nZ poważaniem,\nŁucja';
    const link = mailtoLink('ewa.kopacz@europarl.europa.eu', subject, body);
    assert.equal(link.complete, true);
    assert.ok(link.href.length <= MAILTO_MAX_CHARS);
    assert.match(link.href, /%0D%0A/, 'line breaks are CRLF');
    assert.doesNotMatch(link.href, /[ \n"<>]/, 'nothing unencoded');
    assert.deepEqual(decodeMailto(link.href), { to: 'ewa.kopacz@europarl.europa.eu', subject, body });
  });

  it('a letter that does not fit gets the address and the subject only, within the limit', () => {
    const body = 'Уважаемая госпожа депутат! '.repeat(80);
    const link = mailtoLink('someone@europarl.europa.eu', 'Соглашение', body);
    assert.equal(link.complete, false);
    assert.ok(link.href.length <= MAILTO_MAX_CHARS);
    assert.deepEqual(decodeMailto(link.href), { to: 'someone@europarl.europa.eu', subject: 'Соглашение', body: '' });
  });

  it('the limit is exact: one character more moves the body out', () => {
    const head = mailtoLink('a@europarl.europa.eu', 'S', '').href.length;
    const fits = 'x'.repeat(MAILTO_MAX_CHARS - head);
    assert.equal(mailtoLink('a@europarl.europa.eu', 'S', fits).complete, true);
    assert.equal(mailtoLink('a@europarl.europa.eu', 'S', `${fits}x`).complete, false);
  });

  it('the link carries the body exactly when its encoding fits (every kind of character, around the limit)', () => {
    const pool = ['a', 'Z', '7', ' ', '-', '_', '.', '!', '~', '*', "'", '(', ')', '&', '=', '?', '#', '%', '+', '/', '\n', '\r', '\r\n', 'ł', 'Ж', 'Қ', 'é', '–', '„', '”', '€', '😀', '𝔸'];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 400; round += 1) {
      const wanted = 200 + random(1900);
      let body = '';
      while (body.length < wanted) body += pool[random(pool.length)];
      const link = mailtoLink('a@europarl.europa.eu', 'Subject', body);
      const full = `mailto:a@europarl.europa.eu?subject=Subject&body=${encodeURIComponent(body.replace(/\r?\n/g, '\r\n'))}`;
      assert.equal(link.complete, full.length <= MAILTO_MAX_CHARS, `round ${round}: ${full.length} characters`);
      if (link.complete) assert.equal(link.href, full);
    }
  });

  it('refuses an address that could carry header injection', () => {
    assert.throws(() => mailtoLink('a@b.eu?cc=evil@x.com', 'S', 'B'));
    assert.throws(() => mailtoLink('a@b.eu\r\nBcc: x@y.z', 'S', 'B'));
  });
});
