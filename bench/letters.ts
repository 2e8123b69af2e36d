// The letter tool in npm run bench: POST /{lang}/letters/drafts for 5 MEPs (each request its own sender,
// paragraph and client address; the page composes 5 letters, their mailto links and the near-copy
// check) and the pressure map page (the 720-seat hemicycle), each after a warm-up, beside the
// baseline's GET /hello. Target: p99 under 100 ms at BENCH_CONNECTIONS.
import type { Row } from './report.ts';
import { forwardedFor, getRequest, measure, type Measurement, type RequestParams } from './scenarios.ts';

export interface LettersBench {
  readonly rows: Row[];
  readonly runs: Measurement[];
  readonly lines: string[];
}

interface Input {
  readonly appOrigin: string;
  readonly appPid: number | undefined;
  readonly connections: number;
  readonly durationS: number;
  readonly warmupS: number;
  /** The baseline's GET /hello, measured by run.ts. */
  readonly hello: Measurement;
  readonly maxP99Ms: number;
}

const DRAFTS = '/en/letters/drafts';
const MAP = '/en/letters/map';
const WORDS = 'river mountain letter winter bread garden window market teacher doctor station morning harvest library bridge village'.split(' ');

export async function fiveMeps(origin: string): Promise<number[]> {
  const pick = async (query: string, n: number) => ((await (await fetch(`${origin}/api/v1/meps?${query}`)).json()) as { id: number }[]).slice(0, n).map((m) => m.id);
  const ids = [...(await pick('country=PL&body=AFET', 2)), ...(await pick('body=DCAS', 2)), ...(await pick('country=DE', 1))];
  if (new Set(ids).size !== 5) throw new Error(`bench: could not pick 5 MEPs (${ids.join(', ')})`);
  return ids;
}

export function draftsRequest(meps: readonly number[], i: number): RequestParams {
  const paragraph = Array.from({ length: 20 }, (_, k) => `${WORDS[(i + k * 3) % WORDS.length]}${(i * 7 + k) % 1000}`).join(' ');
  const body = new URLSearchParams([
    ['name', `Bench Writer ${i}`],
    ['email', `writer-${i}@example-${i % 50}.org`],
    ['country', 'PL'],
    ...meps.map((id): [string, string] => ['mep', String(id)]),
    ['personal', `I write as voter ${i}: ${paragraph}.`],
    ['consent', 'on'],
  ]).toString();
  return { method: 'POST', path: DRAFTS, headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': forwardedFor(i, 14) }, body };
}

export async function measureLetters(input: Input): Promise<LettersBench> {
  const meps = await fiveMeps(input.appOrigin);
  const common = { origin: input.appOrigin, expectStatus: 200, connections: input.connections };
  await measure({ ...common, name: 'drafts warm-up', duration: input.warmupS, request: (i) => draftsRequest(meps, 1_000_000 + i) });
  const drafts = await measure({ ...common, name: `POST ${DRAFTS} (5 MEPs)`, duration: input.durationS, request: (i) => draftsRequest(meps, i), serverPid: input.appPid });
  await measure({ ...common, name: 'map warm-up', duration: input.warmupS, request: (i) => getRequest(MAP, i) });
  const map = await measure({ ...common, name: `GET ${MAP}`, duration: input.durationS, request: (i) => getRequest(MAP, i), serverPid: input.appPid });
  const kib = (m: Measurement) => (m.bytes / Math.max(m.completed, 1) / 1024).toFixed(1);
  return {
    rows: [
      { label: 'letter drafts, 5 MEPs (POST)', app: drafts, baseline: input.hello, maxP99Ms: input.maxP99Ms },
      { label: 'pressure map (hemicycle)', app: map, baseline: input.hello, maxP99Ms: input.maxP99Ms },
    ],
    runs: [drafts, map],
    lines: [`letters: drafts for 5 MEPs ${kib(drafts)} KiB/response, the map ${kib(map)} KiB/response (MEPs ${meps.join(', ')})`],
  };
}
