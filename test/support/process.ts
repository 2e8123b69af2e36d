// Runs the real server (`node --import tsx src/server.ts`) as a child process, for crash and
// several-instance tests, and a small HTTP client that acts like a browser against it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Instances of one deployment share their secrets (in production they come from the environment). */
export function sharedSecrets(): Record<string, string> {
  return { SESSION_SECRET: randomBytes(32).toString('base64url'), DATA_KEY: randomBytes(32).toString('base64') };
}

export interface AppProcess {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  readonly dataDir: string;
  /** What the process wrote to stdout and stderr (only with `capture`). */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

interface StartOptions {
  /** Keep the process's output (for output()) instead of passing it through. */
  readonly capture?: boolean;
  /** Use this DATA_DIR (kept when the process ends) instead of a fresh one (removed). */
  readonly dataDir?: string;
}

export async function startAppProcess(env: Record<string, string>, options: StartOptions = {}): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-proc-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'error', BASE_URL: 'http://localhost:3000', ...env },
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Generous: CI runs browser tests beside this on two cores.
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > until) {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL'); // never leave a child holding the test open
      throw new Error(`the app process did not start (exit ${child.exitCode})${output ? `: ${output.slice(-2000)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url,
    child,
    dataDir,
    output: () => output,
    kill: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000); // a shutdown that hangs fails loudly elsewhere, not here
        child.once('exit', () => {
          clearTimeout(force);
          if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        process.kill(-child.pid!, signal);
      }),
  };
}

/** One browser: the petition form's hidden fields, and a same-origin POST that does not follow redirects. */
export async function browserSign(base: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<number> {
  const page = await fetch(`${base}/en/petitions/zhanaozen-list`, { headers });
  const html = await page.text();
  const rendered = html.match(/name="rendered" value="([^"]*)"/)?.[1] ?? '';
  const res = await fetch(`${base}/en/petitions/zhanaozen-list/signatures`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', ...headers },
    body: new URLSearchParams({ ...fields, rendered }).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Opens an emailed link on `base` and presses its button. */
export async function browserPress(base: string, link: string): Promise<number> {
  const target = `${base}${new URL(link).pathname}`;
  await (await fetch(target)).arrayBuffer();
  const res = await fetch(target, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' }, body: '' });
  await res.arrayBuffer();
  return res.status;
}
