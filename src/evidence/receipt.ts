// The source's receipt: 12 BIP39 words (128 random bits and a 4-bit checksum), shown once and never
// stored, mailed or logged. The database keeps only HMAC-SHA256(pepper, receipt): with 128 bits a fast
// keyed hash is enough (ASVS 6.5.2 asks for a slow one below 112), and the pepper lives outside the
// database (DATA_KEY), so a stolen dump alone cannot even test a guess.
import { generateMnemonic, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { hmac } from '../lib/crypto.ts';

export const RECEIPT_WORDS = 12;

/** A fresh receipt (words separated by single spaces). */
export function newReceipt(): string {
  return generateMnemonic(wordlist, 128);
}

/**
 * The receipt as typed, in its one canonical form: lower case, words separated by one space; numbering,
 * commas and line breaks a source may copy along are dropped. Undefined when it is not 12 known words
 * with a valid checksum.
 */
export function canonicalReceipt(typed: string): string | undefined {
  const words = typed.normalize('NFKD').toLowerCase().replace(/[^a-z]+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length !== RECEIPT_WORDS) return undefined;
  const receipt = words.join(' ');
  return validateMnemonic(receipt, wordlist) ? receipt : undefined;
}

/** What the database stores and looks up. */
export function receiptHash(pepper: Buffer, receipt: string): Buffer {
  return hmac(pepper, receipt);
}
