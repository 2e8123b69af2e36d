// npm start: configuration → database (embedded or DATABASE_URL) → migrations → default content →
// job queue and workers → HTTP. SIGINT/SIGTERM: stop accepting connections, answer every request already
// received (web/http-drain.ts), let the group commits in progress finish, then stop the workers and the
// database. The same route ends the app, with exit code 1, when the job thread dies or the embedded
// database cannot be brought back (a supervisor then restarts the whole app).
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { boot, type Booted } from './boot.ts';
import { ConfigError, loadConfig } from './config.ts';
import { tolerateDatabaseOutages } from './db/unavailable.ts';
import { groupCommitsSettled } from './lib/group-commit.ts';
import { drainable } from './web/http-drain.ts';

/** The most a stop waits for answers in progress before it closes what is left. */
const DRAIN_LIMIT_MS = 15_000;
import { startMetricsServer } from './web/metrics-endpoint.ts';

function fail(message: string): never {
  process.stderr.write(`dauys: ${message}\n`);
  process.exit(1);
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let booted: Booted;
  try {
    booted = await boot(config);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { deps, shutdown: stopServices } = booted;
  tolerateDatabaseOutages(deps.logger); // this thread's job queue too (schedules, maintenance)

  let server: Server;
  try {
    server = await listen(createApp(deps), config.port, config.host);
  } catch (error) {
    await stopServices();
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'EADDRINUSE' ? `port ${config.port} on ${config.host} is already in use: set PORT` : String(error));
  }
  const metricsServer = await startMetricsServer(deps).catch(async (error: unknown) => {
    await stopServices();
    fail(error instanceof Error ? error.message : String(error));
  });
  deps.logger.info({ url: `http://${config.host}:${config.port}/`, baseUrl: config.baseUrl }, 'Dauys is listening');

  const http = drainable(server);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info({ signal }, 'shutting down');
    const started = Date.now();
    const { forced } = await http.drain({ forceAfterMs: DRAIN_LIMIT_MS });
    // A request whose client went away may still have its signature in a batch being written.
    await Promise.race([groupCommitsSettled(), new Promise((r) => setTimeout(r, 5000).unref())]);
    deps.logger.info({ ms: Date.now() - started, forced }, 'every request answered');
    metricsServer?.close();
    await stopServices();
    deps.logger.info('stopped');
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0); // 1 if the job thread died
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
