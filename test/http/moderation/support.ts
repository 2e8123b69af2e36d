// Helpers for the moderation tests: the counters' total, the API's count read by a fresh app instance
// (each instance caches counts for a second, so a new one reads the counters now), and the report JSON.
import type { TestApp } from '../../support/app.ts';
import type { Browser } from '../admin/support.ts';

export async function countersTotal(t: TestApp, petition: number): Promise<number> {
  const row = (await t.db('signature_counts').where({ petition_id: petition }).first(t.db.raw('coalesce(sum(n), 0)::int as n'))) as { n: number };
  return row.n;
}

/** The counted signatures from the table itself: what the counters must equal. */
export async function countedRows(t: TestApp, petition: number): Promise<number> {
  const row = (await t.db('signatures').where({ petition_id: petition, state: 'confirmed', validity: 'valid' }).first(t.db.raw('count(*)::int as n'))) as { n: number };
  return row.n;
}

export async function apiCount(t: TestApp, slug = 'zhanaozen-list'): Promise<number> {
  const fresh = await t.instance({ workers: false });
  try {
    const { default: request } = await import('supertest');
    const res = await request(fresh.app).get(`/api/v1/petitions/${slug}`).expect(200);
    return (res.body as { signatureCount: number }).signatureCount;
  } finally {
    await fresh.close();
  }
}

export interface ReportJson {
  totals: { confirmed: number };
  method: {
    invalidated: { signatures: number; recorded: { action: string; reason: string | null; times: number; signatures: number }[] };
    countersCheck: { liveCounters: number; matches: boolean };
  };
}

export async function reportJson(browser: Browser, slug = 'zhanaozen-list'): Promise<ReportJson> {
  const res = await browser.get(`/admin/petitions/${slug}/report.json?lang=en`);
  if (res.status !== 200) throw new Error(`report.json answered ${res.status}`);
  return JSON.parse(res.text) as ReportJson;
}
