// A tiny SMTP sink for the app's email workers: accepts every message and keeps it raw (parsing is
// left until after the load phases, so it does not compete with the load generator for the CPU).
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ConfirmLink {
  readonly to: string;
  readonly token: string;
}

export interface SmtpSink {
  readonly url: string;
  /** Messages received so far. */
  count(): number;
  /** When each message arrived (performance.now(), in this process), in order. */
  arrivals(): readonly number[];
  /** Whether messages are kept for confirmLinks/sample (the raw-pool baseline is only counted). */
  keep(on: boolean): void;
  /** The subject, text and HTML of one kept message (the baseline's model), or undefined if none. */
  sample(): Promise<{ subject: string; text: string; html: string; from: string; lang: string; bytes: number } | undefined>;
  /** One confirmation token per recipient, parsed from the messages' text parts. */
  confirmLinks(): Promise<ConfirmLink[]>;
  close(): Promise<void>;
}

const CONFIRM = /\/[a-z]{2}\/confirm\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;

export async function startSmtpSink(): Promise<SmtpSink> {
  const raw: Buffer[] = [];
  const arrived: number[] = [];
  let keeping = true;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        arrived.push(performance.now());
        if (keeping) raw.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  server.on('error', () => undefined); // a client reset mid-session is not the sink's problem
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => arrived.length,
    arrivals: () => arrived,
    keep(on) {
      keeping = on;
    },
    async sample() {
      for (const message of raw.slice(0, 20)) {
        const mail = await simpleParser(message);
        if (!CONFIRM.test(mail.text ?? '')) continue;
      const header = (name: string) => String(mail.headers.get(name) ?? '');
        return { subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '', from: mail.from?.text ?? '', lang: header('content-language'), bytes: message.length };
      }
      return undefined;
    },
    async confirmLinks() {
      const byRecipient = new Map<string, string>();
      for (const message of raw.slice()) {
        const mail = await simpleParser(message);
        const token = CONFIRM.exec(mail.text ?? '')?.[1];
        const to = (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value ?? []).map((v) => v.address?.toLowerCase() ?? '')[0] ?? '';
        if (token && to && !byRecipient.has(to)) byRecipient.set(to, token);
      }
      return [...byRecipient].map(([to, token]) => ({ to, token }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
