// The job queue and the mailer a configuration asks for. Each thread that uses them makes its own: the
// main thread (to queue jobs) and the job workers' thread (to run them and send mail).
import type { Config } from './config.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import type { Logger } from './log.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';

export function createJobServices(config: Config, databaseUrl: string, logger: Logger): { jobs: JobQueue; mailer: Mailer } {
  const jobs = createJobQueue({ url: databaseUrl, logger, expireInSeconds: config.jobExpireSeconds, maintenanceIntervalSeconds: Math.min(30, config.jobExpireSeconds) });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir, logger, dkim: config.dkim });
  return { jobs, mailer };
}
