// What the supporters' use-cases need from the app.
import type { AppDeps } from '../container.ts';

export type SupporterDeps = Pick<AppDeps, 'db' | 'bulkDb' | 'jobs' | 'secrets' | 'clock' | 'logger' | 'i18n' | 'mailer' | 'config' | 'pace'>;
