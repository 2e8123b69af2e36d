// The campaign page's texts edited per language (a missing language follows the English sections and
// sources), and the Markdown renderer every text goes through: raw HTML, javascript: links and every
// naughty string neutralised, in the renderer itself and through the form onto the public page.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { renderMarkdown } from '../../../src/lib/markdown.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { makeAccount, movableClock, signedIn, type Browser } from '../admin/support.ts';
import { petitionText, submit } from './support.ts';

const require = createRequire(import.meta.url);
const BLNS = require('big-list-of-naughty-strings') as string[];
const POLYGLOT = "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e";
const refs = { base: '/en/', label: (n: number) => `Source ${n}`, known: (n: number) => n <= 8 };

/** Every tag the renderer may write, and the only attributes it may carry. */
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g;
const ALLOWED = new Set(['p', 'br', 'strong', 'em', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h2', 'h3', 'h4', 'hr', 'sup']);
function assertSafe(html: string, input: string): void {
  for (const [, tag, attrs] of html.matchAll(TAG)) {
    assert.ok(ALLOWED.has(tag!.toLowerCase()), `tag <${tag}> from ${JSON.stringify(input)}`);
    for (const [, name, value] of attrs!.matchAll(/\s([a-zA-Z-]+)="([^"]*)"/g)) {
      assert.ok(['href', 'rel', 'aria-label', 'class', 'start'].includes(name!), `attribute ${name} from ${JSON.stringify(input)}`);
      if (name === 'href') {
        // As a browser reads it: entities decoded, tabs and line breaks dropped, leading blanks ignored.
        const href = value!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
        assert.ok(scheme === undefined || ['http', 'https', 'mailto'].includes(scheme), `href ${value} from ${JSON.stringify(input)}`);
        assert.ok(!/^[\\/]{2}/.test(href), `protocol-relative href ${value} from ${JSON.stringify(input)}`);
      }
    }
  }
}

describe('the Markdown renderer', () => {
  it('raw HTML stays text, javascript:, data: and protocol-relative links are not links, external links get rel', () => {
    const html = renderMarkdown('<b onclick="x()">b</b> <script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html,x) [d](//evil.example) [e](vbscript:x) [f](https://example.org "t") [g](mailto:a@example.org) <javascript:alert(1)>\n\n![img](https://example.org/x.png)\n\n# Heading', refs);
    assert.match(html, /&lt;b onclick="x\(\)"&gt;b&lt;\/b&gt; &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /href="(javascript|data|vbscript):|href="\/\//i);
    assert.match(html, /<a href="https:\/\/example.org" rel="nofollow noopener">f<\/a>/);
    assert.match(html, /<a href="mailto:a@example.org" rel="nofollow noopener">g<\/a>/);
    assert.doesNotMatch(html, /<img|title=/);
    assert.match(html, /<h2>Heading<\/h2>/); // the page has its own h1
    assertSafe(html, 'mixed');
  });

  it('[n] links to a known source; an unknown one stays text; not inside a link', () => {
    assert.equal(renderMarkdown('Shot [1]. Denied [9]. [Report [2]](https://example.org)', refs).trim(), '<p>Shot<sup class="ref"><a href="/en/#source-1" aria-label="Source 1">[1]</a></sup>. Denied [9]. <a href="https://example.org" rel="nofollow noopener">Report [2]</a></p>');
  });

  it('every naughty string (and a polyglot), alone and as a link, comes out with only allowed tags and links', () => {
    for (const input of [...BLNS, POLYGLOT]) {
      assertSafe(renderMarkdown(input, refs), input);
      assertSafe(renderMarkdown(`[x](${input})`, refs), `[x](${input})`);
      assertSafe(renderMarkdown(`<${input}>`, refs), `<${input}>`);
    }
  });
});

describe('organisers’ campaign texts and naughty texts on the public pages', () => {
  const clock = movableClock(new Date('2026-12-02T09:00:00Z').getTime());
  let t: TestApp;
  let browser: Browser;

  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    browser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), clock.now());
  });
  after(() => t.close());

  it('a campaign section edited in Markdown shows on the home page at once, as previewed, and is audited', async () => {
    const form = '/admin/content/campaigns/zhanaozen/texts/pl';
    const page = await browser.get(form);
    assert.equal(page.status, 200);
    const sections = [...page.text.matchAll(/name="heading-([a-z0-9-]+)" type="text" value="([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(sections.length >= 3);
    const sources = page.text.match(/<textarea[^>]*name="sources"[^>]*>([^<]*)<\/textarea>/)![1]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
    assert.match(sources, /^1 \| .+ \| http:\/\/en\.odfoundation\.eu\//); // the Polish list, one source a line
    const fields: Record<string, string> = { title: 'Lista Żanaozenu', lead: 'Nowy wstęp [1].', sources: `${sources}\n11 | Raport z 3 maja 2024 r. | https://example.org/raport` };
    for (const id of sections) {
      fields[`heading-${id}`] = `Nagłówek ${id}`;
      fields[`body-${id}`] = `Tekst sekcji **${id}** [1].\n\n<img src=x onerror=alert(1)>\n\nNowe fakty [11].`;
    }
    const empty = await submit(browser, form, form, { ...fields, [`heading-${sections[0]}`]: '', sources: `${sources}\n1 | again\n12 | bad | javascript:alert(1)`, action: 'save' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, new RegExp(`href="#heading-${sections[0]}"[^]*href="#sources"`));
    assert.match(empty.text, /12 \| bad \| javascript:alert\(1\)<\/textarea>/); // kept, escaped
    assert.match(empty.text, /Nowy wstęp \[1\]\./);
    const preview = await submit(browser, form, form, { ...fields, action: 'preview' });
    assert.equal(preview.status, 200);
    const previewed = preview.text.match(/<div class="content-preview__body prose" lang="pl">([^]*?)<\/div>\s*<\/section>/)![1]!;
    assert.equal((await submit(browser, form, form, { ...fields, action: 'save' })).status, 303);
    const home = await request(t.app).get('/pl/').expect(200);
    assert.match(home.text, /<h1>Lista Żanaozenu<\/h1>/);
    const first = sections[0]!;
    const shown = new RegExp(`<p>Tekst sekcji <strong>${first}</strong><sup class="ref"><a href="#source-1" aria-label="Źródło 1">\\[1\\]</a></sup>.</p>\\s*<p>&lt;img src=x onerror=alert\\(1\\)&gt;</p>`);
    assert.match(home.text, shown);
    assert.match(previewed, shown);
    assert.doesNotMatch(home.text, /<img/);
    assert.match(home.text, /Nowe fakty<sup class="ref"><a href="#source-11" aria-label="Źródło 11">\[11\]<\/a><\/sup>/);
    assert.match(home.text, /<li id="source-11" value="11">Raport z 3 maja 2024 r.<br><a class="sources__url" href="https:\/\/example.org\/raport"/);
    const entry = await t.db('audit_log').where({ action: 'content.edited' }).first('subject', 'details');
    assert.match(entry.subject, /^campaign:\d+$/);
    assert.equal(entry.details.lang, 'pl');
    assert.ok(entry.details.fields.includes('title') && entry.details.fields.includes(`section:${first}`) && entry.details.fields.includes('sources'));
    const row = await t.db('campaign_translations').where({ lang: 'pl' }).first('edited_at', 'sources');
    assert.ok(row.edited_at instanceof Date);
    assert.equal(row.sources.length, 11);
    assert.deepEqual(row.sources[10], { n: 11, url: 'https://example.org/raport', label: 'Raport z 3 maja 2024 r.' });
  });

  it('naughty strings saved as a petition text never cause a 5xx and never appear unescaped on the public page', async () => {
    const form = '/admin/content/petitions/zhanaozen-list/texts/en';
    let saved = 0;
    for (const [i, input] of [...BLNS, POLYGLOT].entries()) {
      if (i % 4 !== 0 && input !== POLYGLOT) continue; // a quarter of them through the whole app (all of them go through the renderer above)
      const res = await submit(browser, form, form, petitionText({ title: `T ${input}`, summary: `S ${input}`, body: `B ${input}`, asks: `A ${input}` }));
      assert.ok(res.status === 303 || res.status === 422, `#${i}: ${res.status}`);
      if (res.status !== 303) continue;
      saved += 1;
      const page = await request(t.app).get('/en/petitions/zhanaozen-list');
      assert.equal(page.status, 200, `#${i}`);
      const body = page.text.match(/<div class="petition__body">([^]*?)<\/div>/)![1]!;
      assertSafe(body, input);
      assert.doesNotMatch(page.text, /<script>alert|<svg\/onload|oNloAd=alert\(\)\/\/>/i, `#${i}`);
    }
    assert.ok(saved > 50, `${saved} saved`);
  });
});
