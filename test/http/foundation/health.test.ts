import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createApp } from '../../../src/app.ts';
import { createDb } from '../../../src/db/knex.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';

describe('GET /healthz and failures', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('answers 200 {"status":"ok"} when the database answers', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('answers 503 when the database does not, and pages answer 503 with an id and no stack', async () => {
    const unreachable = createDb('postgres://nobody:wrong@127.0.0.1:1/none');
    const app = createApp({ ...t.deps, db: unreachable });
    const health = await request(app).get('/healthz').expect(503);
    assert.equal(health.body.status, 'unavailable');
    assert.equal(health.headers['retry-after'], '30');
    const page = await request(app).get('/ru/').expect(503);
    assert.match(page.text, /<html lang="ru"/);
    const id = page.text.match(/<code>([0-9a-f-]{36})<\/code>/)?.[1];
    assert.ok(id, 'the 500 page shows an error id');
    assert.doesNotMatch(page.text, /at \S+ \(|node_modules|ECONNREFUSED|\.ts:\d+/);
    const api = await request(app).get('/api/v1/petitions/zhanaozen-list').expect(503);
    assert.match(api.body.error.id, /^[0-9a-f-]{36}$/);
    assert.equal(JSON.stringify(api.body).includes('ECONNREFUSED'), false);
    await unreachable.destroy();
  });

  it('a database that answers with an error that is no outage (here: no such database) gives the 500 page, with an id and no stack', async () => {
    const url = new URL(t.database.url);
    url.pathname = '/dauys_no_such_database';
    const misconfigured = createDb(url.toString());
    const app = createApp({ ...t.deps, db: misconfigured });
    const page = await request(app).get('/kk/').expect(500);
    assert.match(page.text, /<html lang="kk"/);
    assert.match(page.text, /<code>[0-9a-f-]{36}<\/code>/);
    assert.doesNotMatch(page.text, /at \S+ \(|node_modules|does not exist|\.ts:\d+/);
    assert.equal(page.headers['retry-after'], undefined);
    await misconfigured.destroy();
  });
});
