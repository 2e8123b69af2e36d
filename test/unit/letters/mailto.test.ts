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

  it('refuses an address that could carry header injection', () => {
    assert.throws(() => mailtoLink('a@b.eu?cc=evil@x.com', 'S', 'B'));
    assert.throws(() => mailtoLink('a@b.eu\r\nBcc: x@y.z', 'S', 'B'));
  });
});
