// openpgp (about 17 MB resident once loaded) is imported on the first use of a key or a message, not at
// start-up: most app threads never touch evidence. Type imports stay static (they cost nothing).
import { lazyImport } from '../lib/lazy-module.ts';

export const loadOpenpgp = lazyImport(() => import('openpgp'));
