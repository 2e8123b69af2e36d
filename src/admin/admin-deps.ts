// What the admin use-cases need. The web side passes AppDeps; the CLI passes its own context with the
// system clock.
import type { AppDeps } from '../container.ts';

export type AdminDeps = Pick<AppDeps, 'db' | 'secrets' | 'clock'>;

/** For the web side: logging and the translations as well. */
export type AdminWebDeps = Pick<AppDeps, 'db' | 'secrets' | 'clock' | 'logger' | 'config' | 'i18n'>;
