// What moderation needs from the app.
import type { AppDeps } from '../container.ts';

export type ModerationDeps = Pick<AppDeps, 'db' | 'secrets' | 'clock'>;
