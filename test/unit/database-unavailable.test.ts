// Which failures count as "the database is unavailable" (503, fail the batch at once) and which are
// bugs or bad input (500 or 4xx). The connection errors are real ones, made against a closed port.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDb } from '../../src/db/knex.ts';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import { freePort } from '../support/process.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('isDatabaseUnavailable', () => {
  it('a refused connection through knex, however it is wrapped', async () => {
    const db = createDb(`postgres://nobody@127.0.0.1:${await freePort()}/none`);
    const error = await db.raw('select 1').then(() => undefined, (e: unknown) => e);
    await db.destroy();
    assert.ok(error instanceof Error);
    assert.equal(isDatabaseUnavailable(error), true);
    assert.equal(isDatabaseUnavailable(new Error('signing failed', { cause: error })), true, 'through a cause');
    assert.equal(isDatabaseUnavailable(new AggregateError([new Error('other'), error])), true, 'inside an AggregateError');
  });

  it('server shutdown, crash recovery, connection exceptions, resources and timeouts', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300', '53100', '57014', '55P03']) assert.equal(isDatabaseUnavailable(pgError(code)), true, code);
    for (const message of ['Connection terminated unexpectedly', 'select 1 - Connection terminated unexpectedly', 'timeout expired', 'Query read timeout', 'Knex: Timeout acquiring a connection. The pool is probably full.']) {
      assert.equal(isDatabaseUnavailable(new Error(message)), true, message);
    }
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('Knex: Timeout'), { name: 'KnexTimeoutError' })), true);
  });

  it('not: bad SQL, constraint violations, deadlocks, wrong credentials, anything else', () => {
    for (const code of ['42601', '23505', '22P02', '40P01', '40001', '28P01', '3D000']) assert.equal(isDatabaseUnavailable(pgError(code)), false, code);
    assert.equal(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')")), false);
    assert.equal(isDatabaseUnavailable(undefined), false);
    assert.equal(isDatabaseUnavailable('ECONNREFUSED'), false, 'a string is not an error');
  });
});
