// Resolves the app's secrets: from the environment in production, or generated once into
// DATA_DIR/secrets.json (mode 0600) in development so restarts keep sessions and encrypted data readable.
import { randomBytes, hkdfSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

export interface Secrets {
  /** Signs cookies and CSRF tokens. */
  readonly sessionSecret: string;
  /** AES-256-GCM key for personal data at rest. */
  readonly encryptionKey: Buffer;
  /** HMAC key for lookup hashes (email fingerprints, token hashes). */
  readonly lookupKey: Buffer;
  /** HMAC key from which the daily IP-hashing keys are derived. */
  readonly ipKey: Buffer;
  /** Signs form render times (honeypot timing). */
  readonly formKey: Buffer;
  /** The pepper of evidence receipts: only HMAC-SHA256(receiptKey, receipt) is stored. */
  readonly receiptKey: Buffer;
  /** AES-256-GCM key of the short-lived token that lets a source add to a report after entering the receipt. */
  readonly sourceSessionKey: Buffer;
}

interface StoredSecrets {
  sessionSecret: string;
  dataKey: string;
}

function readOrCreateStored(dataDir: string): StoredSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StoredSecrets>;
    if (typeof parsed.sessionSecret === 'string' && typeof parsed.dataKey === 'string') {
      return { sessionSecret: parsed.sessionSecret, dataKey: parsed.dataKey };
    }
    throw new Error(`${file} is damaged: remove it only if no personal data was stored with it`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const fresh: StoredSecrets = { sessionSecret: randomBytes(32).toString('base64url'), dataKey: randomBytes(32).toString('base64') };
  fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
  return fresh;
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `dauys:${purpose}`, 32));
}

export function resolveSecrets(config: Config): Secrets {
  const stored = config.sessionSecret && config.dataKey ? undefined : readOrCreateStored(config.dataDir);
  const sessionSecret = config.sessionSecret ?? stored!.sessionSecret;
  const master = Buffer.from(config.dataKey ?? stored!.dataKey, 'base64');
  return Object.freeze({
    sessionSecret,
    encryptionKey: derive(master, 'encryption'),
    lookupKey: derive(master, 'lookup'),
    ipKey: derive(master, 'ip'),
    formKey: derive(Buffer.from(sessionSecret), 'form'),
    receiptKey: derive(master, 'evidence-receipt'),
    sourceSessionKey: derive(master, 'evidence-source-session'),
  });
}
