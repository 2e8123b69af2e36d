// What the benchmark reads from (and, for confirmation links the email queue has not sent yet,
// writes to) the run's database.
import pg from 'pg';
import { randomToken, sha256 } from '../src/lib/crypto.ts';
import { EMAIL_CONFIRMATION } from '../src/petitions/email-jobs.ts';
import { CONFIRM_LINK_DAYS } from '../src/petitions/send-signature-email.ts';

export interface BenchState {
  signatures(): Promise<{ total: number; pending: number; confirmed: number }>;
  /** Confirmation jobs by state, e.g. { created: 4800, completed: 200 }. */
  confirmationJobs(): Promise<Record<string, number>>;
  /**
   * Confirmation tokens for every pending signature that none of `emailed` belongs to, minted the way
   * the email job mints them (a 256-bit token; its SHA-256 stored with purpose 'confirm').
   */
  mintMissingConfirmTokens(emailed: string[]): Promise<string[]>;
  /** Samples what the app's pooled connections are doing until the returned function is called. */
  watchConnections(everyMs?: number): () => string;
  close(): Promise<void>;
}

export function openBenchState(url: string): BenchState {
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'dauys-bench' });
  return {
    async signatures() {
      const { rows } = await pool.query<{ total: number; pending: number; confirmed: number }>(
        `select count(*)::int as total,
                count(*) filter (where state = 'pending')::int as pending,
                count(*) filter (where state = 'confirmed')::int as confirmed
           from signatures`,
      );
      return rows[0] ?? { total: 0, pending: 0, confirmed: 0 };
    },
    async confirmationJobs() {
      const { rows } = await pool.query<{ state: string; n: number }>('select state::text as state, count(*)::int as n from pgboss.job where name = $1 group by 1 order by 1', [EMAIL_CONFIRMATION]);
      return Object.fromEntries(rows.map((r) => [r.state, r.n]));
    },
    async mintMissingConfirmTokens(emailed) {
      const { rows } = await pool.query<{ id: string }>(
        `select s.id from signatures s
          where s.state = 'pending'
            and not exists (select 1 from signature_tokens t
                             where t.signature_id = s.id and t.purpose = 'confirm' and t.token_hash = any($1::bytea[]))
          order by s.id`,
        [emailed.map((token) => sha256(token))],
      );
      const tokens = rows.map(() => randomToken());
      if (rows.length > 0) {
        await pool.query(
          `insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
           select h, s, 'confirm', now() + make_interval(days => $3::int) from unnest($1::bytea[], $2::bigint[]) as u(h, s)`,
          [tokens.map((token) => sha256(token)), rows.map((r) => r.id), CONFIRM_LINK_DAYS],
        );
      }
      return tokens;
    },
    watchConnections(everyMs = 250) {
      const totals = new Map<string, number>();
      let samples = 0;
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        pool
          .query<{ what: string; n: number }>(
            `select case when state = 'active' and wait_event_type is not null then 'active, waiting on ' || wait_event_type || ':' || wait_event
                         else coalesce(state, '?') end as what, count(*)::int as n
               from pg_stat_activity where datname = current_database() and application_name = 'dauys' group by 1`,
          )
          .then(({ rows }) => {
            samples += 1;
            for (const row of rows) totals.set(row.what, (totals.get(row.what) ?? 0) + row.n);
          })
          .catch(() => undefined)
          .finally(() => (busy = false));
      }, everyMs);
      return () => {
        clearInterval(timer);
        if (samples === 0) return 'no samples';
        return [...totals]
          .sort((a, b) => b[1] - a[1])
          .map(([what, n]) => `${what} ${(n / samples).toFixed(1)}`)
          .join(', ');
      };
    },
    close: () => pool.end(),
  };
}
