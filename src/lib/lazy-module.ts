// Heavy libraries that only some requests need (pdfkit, stripe, openpgp) are loaded on first use, not at
// start-up. Each costs 15–30 MB of resident memory in every thread that imports it, and the job thread
// imports every capability: measured at rest, the three cost the app ~100 MB (both threads) of its RSS.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A synchronous loader of a CommonJS package's export, required the first time it is called. */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}

/** An asynchronous loader of an ES module, imported the first time it is called (one instance, as a static import). */
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}
