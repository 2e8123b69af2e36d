// Framing: with partner origins listed for the petition, only the embed routes (/embed/…) may be framed,
// and only by them; every other answer of every GET route (walked from the app's router, parameters
// filled with their samples) and of the error pages keeps frame-ancestors 'none' and X-Frame-Options:
// DENY. No embed answer sets a cookie.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { PARAMS } from '../../src/web/params.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { walkRoutes } from '../support/routes.ts';
import { frameAncestorsOf, setPartners, settle } from '../http/embeds/support.ts';

const PARTNER = 'https://partner.example.org';

describe("frame-ancestors: 'none' everywhere but the embed", () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ workers: false });
    await setPartners(t.deps, [PARTNER]);
    await settle();
  });
  after(() => t.close());

  it('every GET route: the embed names the partners and drops X-Frame-Options; all others none + DENY', async () => {
    const paths = [...new Set(walkRoutes(t.app).routes.filter((r) => r.method === 'GET').map((r) => r.path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(PARAMS[name]?.sample ?? 'x'))))];
    paths.push('/en/no-such-page', '/embed/en/petitions/no-such-petition', '/nothing-here', '/css/embed.css');
    let embeds = 0;
    for (const path of paths) {
      const res = await request(t.app).get(path);
      assert.ok(res.status < 500, `${path}: ${res.status}`);
      const framed = path.startsWith('/embed/') && res.status < 400;
      if (framed) {
        embeds += 1;
        assert.equal(frameAncestorsOf(res.headers), PARTNER, path);
        assert.equal(res.headers['x-frame-options'], undefined, path);
        assert.equal(res.headers['set-cookie'], undefined, path);
      } else {
        assert.equal(frameAncestorsOf(res.headers), "'none'", `${path} (${res.status}) keeps frame-ancestors 'none'`);
        assert.equal(res.headers['x-frame-options'], 'DENY', `${path} keeps X-Frame-Options`);
      }
    }
    assert.equal(embeds, 2, 'the embed and its check-email page');
    assert.ok(paths.length > 30, `${paths.length} paths`);
  });
});
