// Reads process.env once, validates it with zod and returns a frozen, typed configuration.
// Nothing else in the app reads process.env. A bad value stops start-up with one line naming it.
import { createPrivateKey, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: port.default(54329),
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  MAIL_FROM: z.string().min(3).default('Dauys <no-reply@localhost>'),
  SESSION_SECRET: optionalString.pipe(z.string().min(32).optional()),
  DATA_KEY: optionalString.pipe(z.base64().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64').optional()),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_BASE: optionalString.pipe(z.url().optional()),
  TRUST_PROXY: optionalString,
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  START_WORKERS: z.enum(['true', 'false']).default('true'),
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  SECURITY_CONTACT: optionalString.pipe(z.string().regex(/^(mailto:[^\s@]+@[^\s@]+\.[^\s@]+|https:\/\/[^\s]+)$/, 'must be a mailto: or https: URL').optional()),
  METRICS_TOKEN: optionalString.pipe(z.string().regex(/^[\x21-\x7e]{16,}$/, 'must be 16 or more printable characters, no spaces').optional()),
  METRICS_PORT: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(1).max(65535).optional()),
  DKIM_DOMAIN: optionalString.pipe(z.string().regex(/^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/, 'must be a domain name').optional()),
  DKIM_SELECTOR: optionalString.pipe(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/, 'must be a DKIM selector (letters, digits, dot, hyphen)').optional()),
  DKIM_PRIVATE_KEY: optionalString,
});

export type TrustProxy = boolean | number | string;

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly secureCookies: boolean;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly sessionSecret: string | undefined;
  readonly dataKey: string | undefined;
  readonly stripe: { readonly secretKey: string | undefined; readonly webhookSecret: string | undefined; readonly apiBase: string | undefined };
  readonly trustProxy: TrustProxy;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly startWorkers: boolean;
  /** Seconds before a job a dead worker had started is retried. */
  readonly jobExpireSeconds: number;
  /** The Contact of /.well-known/security.txt (none served when unset). */
  readonly securityContact: string | undefined;
  /** /metrics: behind this bearer token, and/or only on its own port; neither set, not served. */
  readonly metrics: { readonly token: string | undefined; readonly port: number | undefined };
  /** DKIM signing of outgoing mail (nodemailer's dkim option), when all three are set. */
  readonly dkim: Dkim | undefined;
}

export interface Dkim {
  readonly domainName: string;
  readonly keySelector: string;
  /** PKCS#1 or PKCS#8 PEM of an RSA key. */
  readonly privateKey: string;
}

export class ConfigError extends Error {}

function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === 'false' || raw === 'off' || raw === '0') return false;
  if (raw === 'true' || raw === 'on') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw; // an address list or a name Express understands ("loopback", "10.0.0.0/8, ...")
}

/**
 * DKIM_PRIVATE_KEY is the PEM itself (newlines as they are, or written \n on one line) or the path of a
 * file holding it (readable only by the app's user: the usual form with systemd's EnvironmentFile or
 * LoadCredential). nodemailer signs rsa-sha256 and silently sends unsigned mail with a key it cannot
 * use, so the key is tried here, once.
 */
function parseDkim(domain: string | undefined, selector: string | undefined, raw: string | undefined): Dkim | undefined {
  if (!domain && !selector && !raw) return undefined;
  if (!domain || !selector || !raw) throw new ConfigError('Invalid environment variable DKIM_DOMAIN: DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together (set all three, or none)');
  let pem = raw.includes('-----BEGIN') ? raw.replace(/\\n/g, '\n') : undefined;
  if (!pem) {
    try {
      pem = fs.readFileSync(path.resolve(raw), 'utf8');
    } catch {
      throw new ConfigError(`Invalid environment variable DKIM_PRIVATE_KEY: neither a PEM private key nor a readable file (${raw.slice(0, 60)})`);
    }
  }
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError('Invalid environment variable DKIM_PRIVATE_KEY: not a PEM private key (openssl genrsa 2048 makes one)');
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) {
    throw new ConfigError('Invalid environment variable DKIM_PRIVATE_KEY: must be an RSA key of 1024 bits or more (2048 recommended)');
  }
  sign('sha256', Buffer.from('dkim'), key);
  return Object.freeze({ domainName: domain.toLowerCase(), keySelector: selector, privateKey: pem });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid environment variable ${name}: ${issue?.message ?? 'bad value'}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    if (!e.SESSION_SECRET) throw new ConfigError('Invalid environment variable SESSION_SECRET: required when NODE_ENV=production (32+ characters)');
    if (!e.DATA_KEY) throw new ConfigError('Invalid environment variable DATA_KEY: required when NODE_ENV=production (32 random bytes, base64)');
  }
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT === e.PORT) throw new ConfigError('Invalid environment variable METRICS_PORT: must differ from PORT');
  const dkim = parseDkim(e.DKIM_DOMAIN, e.DKIM_SELECTOR, e.DKIM_PRIVATE_KEY);
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    secureCookies: baseUrl.startsWith('https://'),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET,
    dataKey: e.DATA_KEY,
    stripe: Object.freeze({ secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE }),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    startWorkers: e.START_WORKERS === 'true',
    jobExpireSeconds: e.JOB_EXPIRE_SECONDS,
    securityContact: e.SECURITY_CONTACT,
    metrics: Object.freeze({ token: e.METRICS_TOKEN, port: e.METRICS_PORT }),
    dkim,
  });
}
