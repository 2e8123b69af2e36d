// The dashboard's figures on a large petition, on their own:
//   BENCH_DASHBOARD_URL=postgres://…/empty_db node --import tsx bench/dashboard.ts   (BENCH_DASHBOARD_ROWS=1000000)
// Migrates the (empty, throwaway) database, seeds BENCH_DASHBOARD_ROWS confirmed signatures and a twentieth
// as many pending ones on a petition of their own, then times what one dashboard view reads and builds:
// loadDashboard (the counters of confirmed and of made signatures, the partial-index totals) and
// presentDashboard (the chart and the map as SVG). Target: a view's figures in under 1 s at a million signatures.
import { randomBytes } from 'node:crypto';
import { createDb } from '../src/db/knex.ts';
import { migrateLatest } from '../src/db/migrate.ts';
import { createI18n, translatorFor } from '../src/i18n/i18n.ts';
import { numberFormatter } from '../src/i18n/format.ts';
import { loadDashboard } from '../src/dashboard/load-dashboard.ts';
import { presentDashboard } from '../src/dashboard/present-dashboard.ts';
import { findPetitionHeading } from '../src/petitions/index.ts';
import { seedConfirmedSignatures } from './seed-signatures.ts';

const TARGET_S = 1;

async function main(): Promise<number> {
  const url = process.env.BENCH_DASHBOARD_URL;
  if (!url) throw new Error('BENCH_DASHBOARD_URL (an empty database this bench may fill) is not set');
  const rows = Number(process.env.BENCH_DASHBOARD_ROWS ?? 1_000_000);
  const db = createDb(url, { poolMax: 2 });
  try {
    await migrateLatest(db);
    const slug = `bench-dashboard-${randomBytes(3).toString('hex')}`;
    const { id } = ((await db('petitions').insert({ slug, goal: 1_000_000 }).returning('id')) as { id: number }[])[0]!;
    const seeded = await seedConfirmedSignatures(db, { petitionId: id, count: rows, encryptionKey: randomBytes(32), until: new Date() });
    await db.raw(
      `insert into signatures (petition_id, state, email_hash, country, lang, consent_version, consented_at, created_at)
       select ?, 'pending', sha256(convert_to('pending:' || g, 'UTF8')), 'PL', 'en', 'bench', now() - (g % 30) * interval '1 day', now() - (g % 30) * interval '1 day'
         from generate_series(1, ?::int) as g`,
      [id, Math.floor(rows / 20)],
    );
    // As signing counts them (signature-batch.repo.ts); the seed writes the signatures only.
    await db.raw(`insert into signature_created_counts (petition_id, day, shard, n) select petition_id, (created_at at time zone 'UTC')::date, 0, count(*)::int from signatures where petition_id = ? group by 1, 2`, [id]);
    await db.raw('analyze signatures');
    console.log(`seeded ${rows} confirmed and ${Math.floor(rows / 20)} pending signatures in ${seeded.toFixed(1)} s`);
    const petition = (await findPetitionHeading(db, slug, 'en'))!;
    const i18n = createI18n();
    let worst = 0;
    for (let run = 1; run <= 3; run += 1) {
      const started = performance.now();
      const dashboard = await loadDashboard({ db }, petition);
      const loaded = performance.now();
      const view = presentDashboard({ lang: 'en', t: translatorFor(i18n, 'en'), formatNumber: numberFormatter('en'), dashboard, now: new Date() });
      const done = performance.now();
      worst = Math.max(worst, (done - started) / 1000);
      console.log(`run ${run}: loadDashboard ${(loaded - started).toFixed(0)} ms (${dashboard.totals.confirmed} confirmed, ${dashboard.days.length} days), presentDashboard ${(done - loaded).toFixed(0)} ms (chart ${view.chart?.length ?? 0} B, map ${view.map.length} B)`);
    }
    console.log(`worst view: ${worst.toFixed(2)} s (target under ${TARGET_S} s): ${worst < TARGET_S ? 'ok' : 'TOO SLOW'}`);
    return worst < TARGET_S ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
