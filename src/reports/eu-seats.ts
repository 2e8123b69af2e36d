// The 27 EU member states, their seats in the European Parliament (2024–2029) and the ECI-style minimum
// of each (seats × 720, the rule of Regulation (EU) 2019/788 for a European citizens' initiative), from
// content/data/eu-seats.json. Dauys is not an ECI: the minimums are a yardstick for hearings only.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR } from '../db/content-files.ts';

export const SIGNATORIES_PER_SEAT = 720;

const SeatFile = z.object({ seats: z.record(z.string().regex(/^[A-Z]{2}$/), z.number().int().positive()) });

export interface MemberState {
  readonly country: string;
  readonly seats: number;
  /** seats × 720 */
  readonly minimum: number;
}

function readSeats(): ReadonlyMap<string, MemberState> {
  const file = path.join(CONTENT_DIR, 'data', 'eu-seats.json');
  const parsed = SeatFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const states = Object.entries(parsed.seats).map(([country, seats]) => ({ country, seats, minimum: seats * SIGNATORIES_PER_SEAT }));
  if (states.length !== 27) throw new Error(`content/data/eu-seats.json: ${states.length} member states, expected 27`);
  return new Map(states.sort((a, b) => a.country.localeCompare(b.country)).map((s) => [s.country, s]));
}

export const MEMBER_STATES: ReadonlyMap<string, MemberState> = readSeats();

export interface MemberStateProgress extends MemberState {
  readonly signatures: number;
  /** Of the minimum, in whole per cent, at most 100. */
  readonly percent: number;
  readonly reached: boolean;
}

/** Each member state's counted signatures against its ECI-style minimum (the dashboard, the public page). */
export function memberStateProgress(byCountry: Readonly<Record<string, number>>): { states: MemberStateProgress[]; pastMinimum: number } {
  const states = [...MEMBER_STATES.values()].map((s) => {
    const signatures = byCountry[s.country] ?? 0;
    return { ...s, signatures, percent: Math.min(100, Math.floor((signatures * 100) / s.minimum)), reached: signatures >= s.minimum };
  });
  return { states, pastMinimum: states.filter((s) => s.reached).length };
}
