// Views are compiled without `with` from the list of the names each one reads (src/web/compiled-views.ts):
// the checked-in list must be the one the views give today, and a view may use no global but the
// standard ones (a local named like a Node global, e.g. `crypto`, would otherwise read the global).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ejs from 'ejs';
import { generatedViewLocals, VIEW_GLOBALS, VIEW_LOCALS_FILE, viewLocals, VIEWS_DIR } from '../../scripts/view-locals-analysis.ts';
import { useCompiledViews } from '../../src/web/compiled-views.ts';

describe('view locals', () => {
  it('src/web/view-locals.generated.ts is up to date (else: npm run views:locals)', () => {
    assert.equal(fs.readFileSync(VIEW_LOCALS_FILE, 'utf8'), generatedViewLocals());
  });

  it('views use only standard JavaScript globals', () => {
    const odd = [...viewLocals().globals].flatMap(([view, names]) => names.filter((n) => !VIEW_GLOBALS.has(n)).map((n) => `${view}: ${n}`));
    assert.deepEqual(odd, []);
  });

  it('a listed view renders as EJS renders it with `with`, includes and escaping alike', () => {
    useCompiledViews();
    const file = path.join(VIEWS_DIR, 'partials', 'notice.ejs');
    const data = { kind: 'error', heading: 'Fix <this>', message: 'A & B "quoted"' };
    const expected = ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file, root: VIEWS_DIR })(data);
    const viaCache = ejs.renderFile(file, data, { cache: true, root: VIEWS_DIR });
    return (viaCache as Promise<string>).then((html) => {
      assert.equal(html, expected);
      assert.match(html, /Fix &lt;this&gt;/);
      assert.match(html, /A &amp; B &#34;quoted&#34;/);
    });
  });

  it('the cache holds the view compiled without `with` (a local left out reads as undefined, where `with` throws)', async () => {
    useCompiledViews();
    const file = path.join(VIEWS_DIR, 'partials', 'notice.ejs');
    assert.throws(() => ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file, root: VIEWS_DIR })({ kind: 'status' }), /message is not defined/);
    const html = await (ejs.renderFile(file, { kind: 'status' }, { cache: true, root: VIEWS_DIR }) as Promise<string>);
    assert.match(html, /<p><\/p>/);
  });
});
