// A real SMTP server on loopback (smtp-server) that keeps every message it receives, parsed.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface TestSmtp {
  readonly url: string;
  readonly messages: ParsedMail[];
  /** Waits until at least `count` messages arrived (or fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<ParsedMail[]>;
  /** Messages to one address. */
  to(address: string): ParsedMail[];
  /** Waits until at least `count` messages to `address` arrived (or fails after `ms`). */
  waitForTo(address: string, count: number, ms?: number): Promise<ParsedMail[]>;
  /** Makes the next deliveries fail with the given SMTP code (e.g. 451 temporary, 550 permanent). */
  failNext(times: number, code: number): void;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  let failures = 0;
  let failCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      if (failures > 0) {
        failures -= 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('test failure'), { responseCode: failCode })));
        return;
      }
      simpleParser(stream).then((mail) => {
        messages.push(mail);
        callback();
      }, callback);
    },
  });
  // A client that dies mid-session (the crash tests kill the app) resets its connection; like a real
  // mail server, this one shrugs it off instead of crashing the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  // Compared case-insensitively (mailparser lower-cases addresses); the raw header is in toText().
  const to = (address: string) => messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.value.some((v) => v.address?.toLowerCase() === address.toLowerCase())));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to,
    async waitFor(count, ms = 15_000) {
      const until = Date.now() + ms;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} emails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    async waitForTo(address, count, ms = 15_000) {
      const until = Date.now() + ms;
      while (to(address).length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} emails to ${address}, got ${to(address).length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return to(address);
    },
    failNext(times, code) {
      failures = times;
      failCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message's text that matches the pattern. */
export function linkIn(mail: ParsedMail, pattern: RegExp): string {
  const match = (mail.text ?? '').match(new RegExp(`https?://\\S*${pattern.source}\\S*`));
  if (!match) throw new Error(`no link matching ${pattern} in: ${mail.text}`);
  return match[0];
}

/** The To: header as it was written. */
export function toText(mail: ParsedMail): string {
  return String(mail.headers.get('to') && (mail.headers.get('to') as { text?: string }).text);
}
