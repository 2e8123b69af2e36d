// Writes src/web/view-locals.generated.ts: for each EJS view, the names it reads from its locals, so
// that src/web/compiled-views.ts can compile it without `with` (see there why). Run after adding or
// changing a view: npm run views:locals   (test/unit/view-locals.test.ts fails until it is run).
import fs from 'node:fs';
import { generatedViewLocals, VIEW_LOCALS_FILE } from './view-locals-analysis.ts';

fs.writeFileSync(VIEW_LOCALS_FILE, generatedViewLocals());
process.stdout.write(`wrote ${VIEW_LOCALS_FILE}\n`);
