// No page asks the browser to fetch anything from another host: scripts, styles, fonts, images, frames.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { PUBLIC_PAGES } from './security-headers.test.ts';

const FETCHING = /<(script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?\b(src|href|data|poster|srcset)="([^"]*)"/gi;

describe('no third-party requests', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  for (const page of PUBLIC_PAGES) {
    it(`${page} loads only same-origin resources`, async () => {
      const res = await request(t.app).get(page);
      for (const match of res.text.matchAll(FETCHING)) {
        const [, tag, attr, url = ''] = match;
        if (tag?.toLowerCase() === 'link' && /rel="(alternate|canonical)"/.test(match[0])) continue; // hreflang and canonical links are not fetched
        assert.ok(url.startsWith('/') && !url.startsWith('//'), `${page}: <${tag} ${attr}="${url}"> is not same-origin`);
      }
    });
  }

  it('the stylesheets reference only same-origin URLs', () => {
    const dir = path.resolve('public/css');
    for (const file of fs.readdirSync(dir)) {
      const css = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of css.matchAll(/url\(\s*['"]?([^'")]+)/g)) assert.ok(!/^(https?:)?\/\//.test(m[1]!), `${file}: ${m[1]}`);
      assert.doesNotMatch(css, /@import\s+url\(\s*['"]?https?:/);
    }
  });
});
