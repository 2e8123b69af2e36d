// Outgoing mail: SMTP through a nodemailer pool when SMTP_URL is set, else .eml files in DATA_DIR/outbox
// (their links are logged, for development). Failures are sorted into permanent and temporary.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log.ts';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Deterministic, so a message sent twice after a crash can be recognised. */
  readonly messageId: string;
  readonly lang: string;
  readonly replyTo?: string;
  /**
   * A person's message relayed by the platform (a letter to an MEP): shown as from this name at
   * MAIL_FROM's address ("Name via Dauys"), and not marked Auto-Submitted, since a person wrote it.
   */
  readonly fromName?: string;
  /** What it is ("signature.confirmation", "update"): recorded with a permanent refusal, for the figures per day. */
  readonly kind?: string;
  /** Further headers (List-Unsubscribe, …); their values must hold no CR or LF. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailErrorDetails {
  /** The server's SMTP reply code, when it answered with one. */
  readonly smtpCode?: number;
  /** The receiving server refused this recipient or message for good (5xx to RCPT TO or DATA). */
  readonly recipientRefused?: boolean;
  /** Not sent at all: the address is suppressed (suppression.ts). */
  readonly suppressed?: boolean;
}

export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly details: MailErrorDetails = {},
  ) {
    super(message);
    this.name = 'MailError';
  }
}

function classify(error: unknown): MailError {
  const code = Number((error as { responseCode?: unknown }).responseCode);
  const permanent = Number.isInteger(code) && code >= 500 && code < 600;
  const command = String((error as { command?: unknown }).command ?? '');
  const recipientRefused = permanent && (command === 'RCPT TO' || command === 'DATA');
  return new MailError(`${permanent ? 'permanent' : 'temporary'} mail failure${Number.isInteger(code) ? ` (SMTP ${code})` : ''}`, permanent, Number.isInteger(code) ? { smtpCode: code, recipientRefused } : {});
}

/** The bare address of a From header ("Dauys <no-reply@x>" → "no-reply@x"). */
const addressOf = (from: string): string => /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();

const oneLine = (value: string): string => value.replace(/[\r\n]+/g, ' ');

function headers(mail: OutgoingMail, from: string) {
  const extra = Object.fromEntries(Object.entries(mail.headers ?? {}).map(([name, value]) => [name, oneLine(value)]));
  return {
    from: mail.fromName ? { name: mail.fromName.replace(/[\r\n]+/g, ' '), address: addressOf(from) } : from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { ...extra, ...(mail.fromName ? { 'Content-Language': mail.lang } : { 'Content-Language': mail.lang, 'Auto-Submitted': 'auto-generated' }) },
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
  };
}

/** DKIM signing (config.ts checks the key): nodemailer's transport-wide dkim option. */
export type DkimOptions = Readonly<{ domainName: string; keySelector: string; privateKey: string }>;

export function createSmtpMailer(smtpUrl: string, from: string, dkim?: DkimOptions): Mailer {
  const transport: Transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 5, ...(dkim ? { dkim } : {}) } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      try {
        await transport.sendMail(headers(mail, from));
      } catch (error) {
        throw classify(error);
      }
    },
    close: () => transport.close(),
  };
}

export function createOutboxMailer(dataDir: string, from: string, logger: Logger, dkim?: DkimOptions): Mailer {
  const dir = path.join(dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...(dkim ? { dkim } : {}) });
  return {
    async send(mail) {
      fs.mkdirSync(dir, { recursive: true });
      const info = (await transport.sendMail(headers(mail, from))) as { message: Buffer };
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^A-Za-z0-9.-]/g, '_')}.eml`;
      fs.writeFileSync(path.join(dir, name), info.message, { mode: 0o600 });
      const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
      logger.info({ file: path.join('outbox', name), links }, 'email written to the outbox (no SMTP_URL set)');
    },
    close: () => undefined,
  };
}

export function createMailer(options: { smtpUrl: string | undefined; from: string; dataDir: string; logger: Logger; dkim?: DkimOptions | undefined }): Mailer {
  return options.smtpUrl ? createSmtpMailer(options.smtpUrl, options.from, options.dkim) : createOutboxMailer(options.dataDir, options.from, options.logger, options.dkim);
}
