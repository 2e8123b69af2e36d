// mailto: links (RFC 6068) that mail programs accept: UTF-8, percent-encoded, line breaks as CRLF.
// Chrome refuses to hand over a mailto URL much over 2,000 characters and Outlook stops at 2,046, so
// a link is kept to MAILTO_MAX_CHARS. A letter that does not fit gets a link with the address and the
// subject only; the page shows the text to copy into the message (JavaScript adds a copy button).
export const MAILTO_MAX_CHARS = 2000;

const encode = (text: string): string => encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));

export interface Mailto {
  readonly href: string;
  /** Whether the link carries the whole letter (else: subject only, the body is to be pasted). */
  readonly complete: boolean;
}

/** Whether encode(text) has at most `room` characters, counted without building it (a letter too long for a link is never encoded). */
function encodesWithin(text: string, room: number): boolean {
  if (text.length > room) return false; // encoding never shortens a text
  let n = 0;
  for (let i = 0; i < text.length && n <= room; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) n += i > 0 && text.charCodeAt(i - 1) === 13 ? 3 : 6; // \n → %0D%0A (after \r: %0A)
    else if (c < 128) n += UNRESERVED[c]!;
    else if (c < 0x800) n += 6;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 12; // a surrogate pair: four bytes
      i += 1;
    } else n += 9;
  }
  return n <= room;
}

/** For each ASCII code, the length encodeURIComponent gives it: 1 for its unreserved characters, else 3. */
const UNRESERVED = Uint8Array.from({ length: 128 }, (_, c) => (/[A-Za-z0-9\-_.!~*'()]/.test(String.fromCharCode(c)) ? 1 : 3));

export function mailtoLink(to: string, subject: string, body: string): Mailto {
  if (!/^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/.test(to)) throw new Error('mailtoLink: not a plain address');
  const head = `mailto:${to}?subject=${encode(subject)}`;
  if (encodesWithin(body, MAILTO_MAX_CHARS - head.length - '&body='.length)) return { href: `${head}&body=${encode(body)}`, complete: true };
  return { href: head.length <= MAILTO_MAX_CHARS ? head : `mailto:${to}`, complete: false };
}

/** The address, subject and body a mailto: link carries (line breaks back to \n). */
export function decodeMailto(href: string): { to: string; subject: string; body: string } {
  const url = new URL(href);
  const params = new Map<string, string>();
  for (const part of url.search.slice(1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    params.set(decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1)).replace(/\r\n/g, '\n'));
  }
  return { to: decodeURIComponent(url.pathname), subject: params.get('subject') ?? '', body: params.get('body') ?? '' };
}
