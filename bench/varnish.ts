// A real HTTP cache in front of the app: Debian's Varnish with its builtin VCL (no rules of ours), for
// the cache test (test/stress/http-cache.test.ts) and `npm run bench`. Its counters say how many requests
// reached the origin.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const VARNISHD = ['/usr/sbin/varnishd', '/usr/bin/varnishd'].find((p) => fs.existsSync(p));

export interface Varnish {
  readonly url: string;
  /** Requests from clients, and requests Varnish sent to the origin, since it started. */
  stats(): Promise<{ clientRequests: number; originRequests: number; hits: number }>;
  stop(): Promise<void>;
}

/** Starts varnishd on `port` in front of `backendPort`; resolves once it answers. */
export async function startVarnish(port: number, backendPort: number): Promise<Varnish> {
  if (!VARNISHD) throw new Error('varnishd is not installed (apt-get install -y varnish)');
  // As root, varnishd hands its work folder to its own user: it must be reachable (not under a 0700 folder).
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-varnish-'));
  fs.chmodSync(workdir, 0o755);
  const child: ChildProcess = spawn(VARNISHD, ['-F', '-a', `127.0.0.1:${port}`, '-b', `127.0.0.1:${backendPort}`, '-n', workdir, '-s', 'malloc,64m', '-p', 'thread_pool_min=50'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`varnishd did not start: ${errors.trim().split('\n').slice(-3).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const counter = (json: Record<string, unknown>, name: string): number => {
    const counters = (json.counters ?? json) as Record<string, { value?: number } | undefined>;
    return Number(counters[name]?.value ?? 0);
  };
  return {
    url,
    async stats() {
      const { stdout } = await run('varnishstat', ['-n', workdir, '-1', '-j', '-f', 'MAIN.client_req', '-f', 'MAIN.backend_req', '-f', 'MAIN.cache_hit']);
      const json = JSON.parse(stdout) as Record<string, unknown>;
      return { clientRequests: counter(json, 'MAIN.client_req'), originRequests: counter(json, 'MAIN.backend_req'), hits: counter(json, 'MAIN.cache_hit') };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(workdir, { recursive: true, force: true });
    },
  };
}
