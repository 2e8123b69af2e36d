// Every HTML page: a strict CSP without 'unsafe-inline', no inline script or style, no x-powered-by.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../support/app.ts';

export const PUBLIC_PAGES = ['/en/', '/ru/', '/kk/', '/pl/', '/en/privacy', '/kk/petitions/zhanaozen-list', '/pl/petitions/zhanaozen-list/check-email', '/ru/petitions/zhanaozen-list/resend', '/en/withdrawn', '/en/missing-page'];

describe('security headers', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  for (const path of PUBLIC_PAGES) {
    it(`${path} has a strict CSP and no inline script or style`, async () => {
      const res = await request(t.app).get(path);
      const csp = String(res.headers['content-security-policy']);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]) assert.ok(csp.includes(directive), `${path}: ${directive}`);
      assert.equal(res.headers['x-powered-by'], undefined);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'same-origin'); // browsers then send a real Origin on our own posts
      assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline <script>');
      assert.doesNotMatch(res.text, /<style[\s>]/i, 'no <style> element');
      assert.doesNotMatch(res.text, /\sstyle="/i, 'no style attribute');
      assert.doesNotMatch(res.text, /\son[a-z]+="/i, 'no inline event handler');
      assert.doesNotMatch(res.text, /javascript:/i);
    });
  }
});
