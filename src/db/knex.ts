// The knex instance for PostgreSQL. Counts come back as strings from pg: cast with ::int in SQL.
import knexFactory, { type Knex } from 'knex';

export type Db = Knex;
export type Tx = Knex.Transaction;
/** Repositories take either the pool or a transaction. */
export type Queryable = Knex | Knex.Transaction;

export function createDb(url: string, options: { poolMax?: number; searchPath?: string } = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'dauys' },
    pool: { min: 0, max: options.poolMax ?? 10 },
    ...(options.searchPath ? { searchPath: [options.searchPath] } : {}),
  });
}
