// Helpers for the admin tests: accounts made through the real use-cases, a browser-like client that keeps
// (and can replay) cookies, logging in, a clock the test moves, and the admin routes read from the
// Express router itself (so a form or page added later is covered by the generic tests at once).
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import type { AppDeps, Clock } from '../../../src/container.ts';
import { createUser } from '../../../src/admin/create-user.ts';
import { enableTotp } from '../../../src/admin/account.ts';
import type { Role } from '../../../src/admin/index.ts';
import { newTotpSecret, totpCode } from '../../../src/admin/totp.ts';

/** A clock that stands still until the test moves it. */
export function movableClock(start = Date.now()): Clock & { advance(ms: number): void; set(at: number): void } {
  let at = start;
  return { now: () => new Date(at), advance: (ms) => void (at += ms), set: (value) => void (at = value) };
}

export interface Account {
  readonly id: number;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  /** Base32, when the account has TOTP. */
  readonly secret?: string;
}

let counter = 0;
export const uniqueAddress = (tag: string): string => `${tag}.${process.pid}.${(counter += 1)}@example.org`;

/** An account ready to use (its password already chosen), with TOTP when asked (admins need it). */
export async function makeAccount(deps: AppDeps, role: Role, options: { totp?: boolean; mustChangePassword?: boolean; email?: string; password?: string } = {}): Promise<Account> {
  const email = options.email ?? uniqueAddress(role);
  const password = options.password ?? 'correct horse battery staple';
  const created = await createUser(deps, { email, role, password, mustChangePassword: options.mustChangePassword ?? false, actor: 'cli' });
  if (created.kind !== 'created') throw new Error(`makeAccount: ${created.kind}`);
  if (!(options.totp ?? role === 'admin')) return { id: created.id, email, password, role };
  const secret = newTotpSecret();
  // Enabled as at a minute ago, so the login's code (now) is a later time-step.
  const result = await enableTotp({ ...deps, clock: { now: () => new Date(deps.clock.now().getTime() - 60_000) } }, { userId: created.id, sid: '', current: password, secret, code: totpCode(secret, new Date(deps.clock.now().getTime() - 60_000)) });
  if (result.kind !== 'ok') throw new Error('makeAccount: TOTP not enabled');
  return { id: created.id, email, password, role, secret };
}

/** The form token on a page. */
export const csrfOf = (html: string): string => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';

/** Acts like one browser: same-origin posts, its cookies kept between requests (and readable, to replay). */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly app: Express, readonly headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin' }) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res: Response): Response {
    const set = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of set ?? []) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\b/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!) < new Date()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
    return res;
  }

  /** This browser's headers with `extra` over them; a header given as '' is left out. */
  private headersWith(extra: Record<string, string>): Record<string, string> {
    const all: Record<string, string> = { ...this.headers, Cookie: this.cookieHeader(), ...extra };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== ''));
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(await request(this.app).get(path).set(this.headersWith(headers)));
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(await request(this.app).post(path).set(this.headersWith(headers)).type('form').send(fields));
  }

  /** Posts a form with this browser's current token (read from `formPage`). */
  async submit(formPage: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const page = await this.get(formPage);
    return this.post(path, { ...fields, _csrf: csrfOf(page.text) }, headers);
  }
}

/** Opens the login page and posts it; the browser is signed in when the answer is 303. */
export async function logIn(browser: Browser, account: Pick<Account, 'email' | 'password' | 'secret'>, now: Date, fields: Record<string, string> = {}): Promise<Response> {
  const code = account.secret ? totpCode(account.secret, now) : '';
  return browser.submit('/admin/login', '/admin/login', { email: account.email, password: account.password, code, ...fields });
}

/** A signed-in browser (fails the test if the login does not go through). */
export async function signedIn(app: Express, account: Account, now: Date): Promise<Browser> {
  const browser = new Browser(app);
  const res = await logIn(browser, account, now);
  if (res.status !== 303) throw new Error(`login of ${account.email} answered ${res.status}`);
  return browser;
}

export interface AdminRoute {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As declared, e.g. /admin/users/:id/role. */
  readonly path: string;
  /** The roles of its requireRole guard (undefined: none, e.g. the login page). */
  readonly roles?: readonly Role[];
}

interface Layer {
  rawPath?: unknown;
  handle: { stack?: Layer[]; allowedRoles?: readonly Role[] };
  route?: { path: string; methods: Record<string, boolean>; stack: Layer[] };
}

/** Every route mounted under /admin, read from app.router.stack (router 2.3 layers keep their rawPath). */
export function adminRoutes(app: Express): AdminRoute[] {
  const found: AdminRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const roles = layer.route.stack.map((l) => l.handle.allowedRoles).find(Boolean);
        for (const method of Object.keys(layer.route.methods) as AdminRoute['method'][]) {
          if (method === ('_all' as string)) continue;
          const path = `${prefix}${layer.route.path === '/' && prefix ? '' : layer.route.path}`;
          found.push({ method, path, ...(roles ? { roles } : {}) });
        }
      } else if (layer.handle.stack && typeof layer.rawPath === 'string') {
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : layer.rawPath));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found.filter((r) => r.path === '/admin' || r.path.startsWith('/admin/'));
}

/** A route's path with its parameters filled in (`values` first, then a harmless default). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? (name === 'slug' ? 'zhanaozen-list' : name === 'lang' ? 'kk' : '1'));
}

/** The page is the admin's CSRF refusal (not a role or validation answer). */
export const isCsrfRefusal = (res: Response): boolean => res.status === 403 && res.text.includes('data-message="admin.errors.csrf"');

/** The page is the admin's wrong-role refusal. */
export const isRoleRefusal = (res: Response): boolean => res.status === 403 && res.text.includes('data-message="admin.errors.role"');
