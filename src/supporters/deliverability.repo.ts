// The deliverability figures per day (UTC): signatures created, confirmation emails handed to SMTP,
// confirmation emails refused for good, signatures confirmed (knex only; reads the petitions' tables).
import type { Queryable } from '../db/knex.ts';

export interface DayFigures {
  readonly day: string;
  readonly created: number;
  readonly sent: number;
  readonly refused: number;
  readonly confirmed: number;
}

export async function figuresByDay(db: Queryable, since: Date, until: Date): Promise<DayFigures[]> {
  const { rows } = (await db.raw(
    `with days as (select generate_series(date_trunc('day', ?::timestamptz at time zone 'UTC'), date_trunc('day', ?::timestamptz at time zone 'UTC'), interval '1 day')::date as day),
          created as (select (created_at at time zone 'UTC')::date as day, count(*)::int as n from signatures where created_at >= ? group by 1),
          confirmed as (select (confirmed_at at time zone 'UTC')::date as day, count(*)::int as n from signatures where confirmed_at >= ? group by 1),
          sent as (select (sent_at at time zone 'UTC')::date as day, count(*)::int as n from email_deliveries where kind = 'signature.confirmation' and sent_at >= ? group by 1),
          refused as (select (refused_at at time zone 'UTC')::date as day, count(*)::int as n from email_refusals where kind = 'signature.confirmation' and refused_at >= ? group by 1)
     select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(c.n, 0) as created, coalesce(s.n, 0) as sent, coalesce(r.n, 0) as refused, coalesce(f.n, 0) as confirmed
       from days d left join created c using (day) left join sent s using (day) left join refused r using (day) left join confirmed f using (day)
      order by d.day desc`,
    [since, until, since, since, since, since],
  )) as { rows: DayFigures[] };
  return rows;
}
