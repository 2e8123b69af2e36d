// SIGTERM in the middle of traffic (a deploy): 50 keep-alive connections keep reading the petition page
// and signing, and the app process is told to stop while requests are on the wire. Every request that
// reached the server must get an HTTP answer: a connection may be refused (nothing was sent, the client
// knows to try again elsewhere), never reset after the request went out. Every 303 must be stored.
// One exception the kernel makes: a new connection it completed into the listen backlog just before the
// app closed its listener is reset when the listener closes, after the client may have sent its request.
// The app never read such a request (src/web/http-drain.ts takes the backlog first, so this needs a very
// busy machine): the test counts those apart ("unheard": the first request of a new connection, reset
// before any answer) and checks that none of them was stored, so retrying them is safe. A reset on a
// connection the app had already served is a lost answer and fails the test.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { loadAllDefaultContent } from '../../src/capabilities.ts';
import { createDb, type Db } from '../../src/db/knex.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const CONNECTIONS = 50;

type Outcome = { kind: 'answered'; status: number; connection: string | undefined } | { kind: 'refused' } | { kind: 'lost'; code: string } | { kind: 'unheard'; code: string };

/** One request on the agent; tells a refused connection (nothing sent) from one cut after sending. */
function send(agent: http.Agent, port: number, method: 'GET' | 'POST', path: string, body?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let connected = false;
    let fresh = false; // a new connection: its first request, nothing answered on it yet
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ kind: 'answered', status: res.statusCode ?? 0, connection: res.headers.connection }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'lost', code: error.code ?? error.message }));
    });
    req.on('socket', (socket) => {
      // A reused keep-alive socket is connected already; a new one connects (or is refused) first.
      if (!socket.connecting) connected = true;
      else {
        fresh = true;
        socket.once('connect', () => (connected = true));
      }
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && error.code === 'ECONNREFUSED') return resolve({ kind: 'refused' });
      if (connected && fresh && error.code === 'ECONNRESET') return resolve({ kind: 'unheard', code: error.code });
      resolve({ kind: 'lost', code: error.code ?? error.message });
    });
    req.end(body);
  });
}

describe('graceful stop', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let db: Db;
  let app: AppProcess;

  before(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtp();
    db = createDb(database.url);
    await loadAllDefaultContent(db);
    app = await startAppProcess({ DATABASE_URL: database.url, SMTP_URL: smtp.url, ...sharedSecrets() });
  });
  after(async () => {
    await app.kill('SIGKILL');
    await db.destroy();
    await smtp.close();
    await database.drop();
  });

  it(`SIGTERM under ${CONNECTIONS} keep-alive connections: every request sent gets an answer, every 303 is stored`, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const outcomes: Outcome[] = [];
    const signed: string[] = [];
    const unheardSignatures: string[] = [];
    let refused = false;
    let sequence = 0;
    const client = async (c: number) => {
      while (!refused) {
        const i = sequence++;
        const email = `stop-${c}-${i}@example.org`;
        const outcome = i % 2 === 0
          ? await send(agent, app.port, 'POST', '/en/petitions/zhanaozen-list/signatures', new URLSearchParams({ name: `Stop ${i}`, email, country: 'PL', consent: 'on' }).toString())
          : await send(agent, app.port, 'GET', '/en/petitions/zhanaozen-list');
        outcomes.push(outcome);
        if (outcome.kind === 'answered' && outcome.status === 303) signed.push(email);
        if (outcome.kind === 'unheard' && i % 2 === 0) unheardSignatures.push(email);
        if (outcome.kind === 'refused') refused = true; // the server is gone: stop, like a client would
      }
    };
    const clients = Array.from({ length: CONNECTIONS }, (_, c) => client(c));
    await new Promise((r) => setTimeout(r, 1500 + Math.random() * 500));
    const beforeStop = outcomes.length;
    const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
    process.kill(app.child.pid!, 'SIGTERM');
    const stopStarted = Date.now();
    await Promise.all(clients);
    const code = await exited;
    const stopMs = Date.now() - stopStarted;
    agent.destroy();

    const answered = outcomes.filter((o) => o.kind === 'answered');
    const lost = outcomes.filter((o) => o.kind === 'lost');
    const unheard = outcomes.filter((o) => o.kind === 'unheard');
    const afterStop = answered.length - beforeStop;
    const closing = answered.filter((o) => o.kind === 'answered' && o.connection === 'close').length;
    console.log(`graceful-stop: ${outcomes.length} requests (${beforeStop} before SIGTERM), ${answered.length} answered (${Math.max(afterStop, 0)} after SIGTERM, ${closing} with Connection: close), ${outcomes.length - answered.length - lost.length - unheard.length} refused before sending, ${unheard.length} reset in the listen backlog (never read), ${lost.length} lost; stopped in ${stopMs} ms`);
    assert.deepEqual(lost, [], 'no request that reached the server is left without an answer');
    assert.ok(answered.every((o) => o.kind === 'answered' && [200, 303].includes(o.status)), 'every answer is a page or a 303');
    assert.ok(closing >= 1, 'requests in flight at SIGTERM were answered, with Connection: close');
    assert.equal(code, 0, 'a clean stop exits 0');
    assert.ok(stopMs < 15_000, `stopped within 15 s (${stopMs} ms)`);

    const stored = await db('signatures').count('* as n');
    // Exactly the 303s: so no signature reset in the backlog (unheardSignatures) was stored either.
    assert.equal(Number(stored[0]!.n), signed.length, `every signature that got its 303 is stored (the group commits in progress finished), and none of the ${unheardSignatures.length} reset unread`);
  });
});
