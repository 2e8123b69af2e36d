// The unsubscribe link of one ledger row: an HMAC of its id under the lookup key (256 bits, so the same
// message sent again after a crash carries the same link); the database keeps only its SHA-256.
import { hmac, sha256 } from '../lib/crypto.ts';
import type { Lang } from '../i18n/languages.ts';

export const unsubscribeToken = (lookupKey: Buffer, recipientId: string): string => hmac(lookupKey, `update-unsubscribe:${recipientId}`).toString('base64url');

export const tokenHash = (token: string): Buffer => sha256(token);

export const unsubscribeUrl = (baseUrl: string, lang: Lang, token: string): string => `${baseUrl}/${lang}/unsubscribe/${token}`;

/** RFC 2369 and RFC 8058: the https link, and that one POST of `List-Unsubscribe=One-Click` to it unsubscribes. */
export const listUnsubscribeHeaders = (url: string): Record<string, string> => ({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
