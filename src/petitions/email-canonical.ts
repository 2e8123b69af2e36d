// The canonical form of an email address, used ONLY as the de-duplication key (mail always goes to the
// address as typed). The rule:
//  - the domain is lower-cased and converted to ASCII (IDN → punycode, via url.domainToASCII);
//  - the local part is lower-cased (no mainstream provider treats case as significant);
//  - "+tag" is removed only for providers that deliver plus-addresses to the same mailbox;
//  - dots are removed only for Gmail, which ignores them; googlemail.com is gmail.com.
import { domainToASCII } from 'node:url';

const GMAIL = new Set(['gmail.com', 'googlemail.com']);
const PLUS_ADDRESSING = new Set([
  ...GMAIL,
  'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'icloud.com', 'me.com', 'mac.com',
  'fastmail.com', 'fastmail.fm',
  'yandex.ru', 'yandex.com', 'ya.ru',
]);

export function canonicalEmail(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return undefined;
  const domain = domainToASCII(address.slice(at + 1).trim().toLowerCase());
  if (!domain) return undefined;
  let local = address.slice(0, at).trim().toLowerCase();
  if (PLUS_ADDRESSING.has(domain)) local = local.split('+')[0] ?? local;
  if (GMAIL.has(domain)) return `${local.replaceAll('.', '')}@gmail.com`;
  return `${local}@${domain}`;
}

export function emailDomain(canonical: string): string {
  return canonical.slice(canonical.lastIndexOf('@') + 1);
}
