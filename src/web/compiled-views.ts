// How the EJS views are compiled. EJS wraps a view in `with (locals) { … }` by default, and V8 looks
// every name up dynamically inside a `with`: measured on the letter drafts page's loop, 62 µs a render
// against 20 µs when the view's locals are plain variables. So each view is compiled without `with`,
// its locals declared from the list that `npm run views:locals` reads off the views
// (view-locals.generated.ts; a unit test fails when the list is out of date). A view missing from the
// list (one added in development, before the list is regenerated) is compiled as EJS does by default.
//
// The compiled views live in EJS's own cache, which is keyed by file name: renders and includes alike
// ask it first, and this cache compiles a listed view, with its own list, on its first use.
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { VIEW_LOCALS } from './view-locals.generated.ts';
import { escapeText, isTextView, VIEW_OPTIONS, VIEWS_DIR } from './views.ts';

type Compiled = ReturnType<typeof ejs.compile>;

function compileListed(filename: string): Compiled | undefined {
  const view = path.relative(VIEWS_DIR, filename).split(path.sep).join('/');
  const locals = Object.hasOwn(VIEW_LOCALS, view) ? VIEW_LOCALS[view] : undefined;
  if (!locals) return undefined;
  return ejs.compile(fs.readFileSync(filename, 'utf8'), {
    ...VIEW_OPTIONS,
    filename,
    cache: true,
    _with: false,
    destructuredLocals: [...locals],
    ...(isTextView(view) ? { escape: escapeText } : {}),
  });
}

let installed = false;

/** Puts this compiler in front of EJS's cache (once per thread; production and test, where views are cached). */
export function useCompiledViews(): void {
  if (installed) return;
  installed = true;
  const compiled = new Map<string, Compiled>();
  ejs.cache = {
    get(filename: string) {
      let fn = compiled.get(filename);
      if (!fn) {
        fn = compileListed(filename);
        if (fn) compiled.set(filename, fn);
      }
      return fn;
    },
    set(filename: string, fn: Compiled) {
      compiled.set(filename, fn);
    },
    reset() {
      compiled.clear();
    },
  } as typeof ejs.cache;
}
