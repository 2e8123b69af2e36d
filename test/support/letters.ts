// Helpers for the letter tool's tests: MEPs picked from the bundled directory, the letter form's
// fields, personal paragraphs that are not near-copies of each other, and a clock a test can move.
import fs from 'node:fs';
import type { Express } from 'express';
import request from 'supertest';
import type { ParsedMail } from 'mailparser';
import { linkIn, type TestSmtp } from './smtp.ts';

export interface DataMep {
  readonly id: number;
  readonly fullName: string;
  readonly familyName: string;
  readonly country: string;
  readonly group: string;
  readonly gender: 'female' | 'male' | null;
  readonly email: string | null;
  readonly active: boolean;
  readonly committees: string[] | null;
  readonly delegations: string[] | null;
}

export const MEPS = JSON.parse(fs.readFileSync('content/data/meps.json', 'utf8')) as DataMep[];

/** Sitting MEPs matching a filter, in file order. */
export function sittingMeps(filter: { country?: string; body?: string; gender?: DataMep['gender'] } = {}): DataMep[] {
  return MEPS.filter((m) => m.active && (!filter.country || m.country === filter.country) && (!filter.body || [...(m.committees ?? []), ...(m.delegations ?? [])].includes(filter.body)) && (filter.gender === undefined || m.gender === filter.gender));
}

export const leftMep = (): DataMep => MEPS.find((m) => !m.active)!;

const WORDS = 'river mountain letter winter bread garden window market teacher doctor station morning harvest library bridge village kitchen summer railway orchard violin lantern meadow harbour'.split(' ');
let paragraphs = 0;

/** A personal paragraph (about 30 words) that shares no three-word run with any other this returns. */
export function uniqueParagraph(tag = ''): string {
  paragraphs += 1;
  const n = paragraphs;
  const words = Array.from({ length: 24 }, (_, i) => `${WORDS[(n * 7 + i * 5) % WORDS.length]}${(n * 31 + i) % 97}`);
  return `I write as a voter${tag ? ` ${tag}` : ''}, number ${n}: ${words.join(' ')}. Please answer me.`;
}

export interface LetterFields {
  name?: string;
  email?: string;
  country?: string;
  meps?: number[];
  personal?: string;
  consent?: boolean;
  followup?: boolean;
  extra?: [string, string][];
}

export function letterBody(fields: LetterFields = {}): string {
  const pairs: [string, string][] = [
    ['name', fields.name ?? 'Anna Nowak'],
    ['email', fields.email ?? 'anna.nowak@example.org'],
    ['country', fields.country ?? 'PL'],
    ...(fields.meps ?? [sittingMeps({ country: 'PL' })[0]!.id]).map((id): [string, string] => ['mep', String(id)]),
    ['personal', fields.personal ?? uniqueParagraph()],
  ];
  if (fields.consent ?? true) pairs.push(['consent', 'on']);
  if (fields.followup) pairs.push(['followup', 'on']);
  return new URLSearchParams([...pairs, ...(fields.extra ?? [])]).toString();
}

/** A same-origin POST of the letter form, as a browser sends it. */
export function postLetters(app: Express, path: string, body: string) {
  return request(app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send(body);
}

/** Asks Dauys to send; returns the confirmation email (in `lang`'s words, to `email`). */
export async function requestAndMail(app: Express, smtp: TestSmtp, fields: LetterFields & { email: string }, lang = 'en'): Promise<ParsedMail> {
  const before = smtp.to(fields.email).length;
  const res = await postLetters(app, `/${lang}/letters/send`, letterBody(fields));
  if (res.status !== 200) throw new Error(`send answered ${res.status}`);
  const mails = await smtp.waitForTo(fields.email, before + 1);
  return mails[before]!;
}

/** Presses the confirmation link's button; returns the status page's path. */
export async function confirmLetters(app: Express, mail: ParsedMail): Promise<string> {
  const path = new URL(linkIn(mail, /\/letters\/confirm\//)).pathname;
  await request(app).get(path).expect(200);
  const res = await request(app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send('');
  if (res.status !== 303) throw new Error(`confirm answered ${res.status}`);
  return path;
}

/** A clock tests move by hand. */
export function movableClock(start: string): { now(): Date; set(iso: string): void; advance(ms: number): void } {
  let at = new Date(start).getTime();
  return { now: () => new Date(at), set: (iso) => void (at = new Date(iso).getTime()), advance: (ms) => void (at += ms) };
}

export const letterMailsTo = (smtp: TestSmtp, mep: DataMep) => smtp.to(mep.email!);
export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
