// The email baseline of `npm run bench`, run as its own process (as the app is): a bare nodemailer pool
// (5 pooled connections, the app's transport settings) sending RAW_POOL_COUNT messages shaped like the
// app's confirmation email (the same subject, text and HTML parts as a sample the app sent, the same
// headers; a new recipient and Message-ID each) to the same SMTP sink. Prints one JSON line.
// Env: RAW_POOL_SMTP_URL, RAW_POOL_SAMPLE (a JSON file: from, subject, text, html, lang), RAW_POOL_COUNT,
// RAW_POOL_WARMUP (untimed messages first).
import fs from 'node:fs';
import nodemailer from 'nodemailer';

interface Sample {
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly lang: string;
}

const url = process.env.RAW_POOL_SMTP_URL ?? '';
const count = Number(process.env.RAW_POOL_COUNT);
const warmUp = Number(process.env.RAW_POOL_WARMUP ?? 0);
const sample = JSON.parse(fs.readFileSync(process.env.RAW_POOL_SAMPLE ?? '', 'utf8')) as Sample;
if (!url || !(count > 0)) throw new Error('RAW_POOL_SMTP_URL and RAW_POOL_COUNT are required');

const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 5 } as Parameters<typeof nodemailer.createTransport>[0]);
const message = (i: number) => ({
  from: sample.from,
  to: `raw-${i}@example-${i % 50}.org`,
  subject: sample.subject,
  text: sample.text,
  html: sample.html,
  messageId: `<raw-${i}.confirmation@bench.invalid>`,
  headers: { 'Content-Language': sample.lang, 'Auto-Submitted': 'auto-generated' },
});

/** Sends `n` messages from `offset`, all queued at once (the pool sends 5 at a time). */
async function send(offset: number, n: number): Promise<number> {
  const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => transport.sendMail(message(offset + i))));
  return results.filter((r) => r.status === 'rejected').length;
}

if (warmUp > 0) await send(10_000_000, warmUp);
const cpu0 = process.cpuUsage();
const started = performance.now();
const errors = await send(0, count);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
transport.close();
process.stdout.write(`${JSON.stringify({ sent: count - errors, errors, seconds, rate: (count - errors) / seconds, cpuMsPerMail: (cpu.user + cpu.system) / 1000 / count })}\n`);
