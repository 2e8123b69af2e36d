// The baseline server, run as its own process by bench/run.ts: a bare Express 5 app on the same
// machine and database as the app, answering
//   GET  /hello  → "hello" (text), the floor for the petition page and the API;
//   POST /insert → one parameterised INSERT through a pg Pool (max 10), then 303, the floor for
//                  signing and confirming. It parses the same urlencoded bodies the app parses.
// Env: BASELINE_DATABASE_URL, PORT.
import express from 'express';
import pg from 'pg';

const url = process.env.BASELINE_DATABASE_URL;
const port = Number(process.env.PORT);
if (!url || !Number.isInteger(port) || port <= 0) {
  process.stderr.write('baseline: set BASELINE_DATABASE_URL and PORT\n');
  process.exit(1);
}

const pool = new pg.Pool({ connectionString: url, max: 10, application_name: 'dauys-bench-baseline' });
await pool.query('create table if not exists bench_baseline (id bigserial primary key, email text, created_at timestamptz default now())');

const app = express();
app.disable('x-powered-by');
app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 40 }));

app.get('/hello', (_req, res) => {
  res.type('text/plain').send('hello');
});

app.post('/insert', async (req, res) => {
  const body: unknown = req.body;
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const value = typeof fields.email === 'string' ? fields.email : null;
  await pool.query('insert into bench_baseline (email) values ($1)', [value]);
  res.redirect(303, '/hello');
});

const server = app.listen(port, '127.0.0.1');
server.once('listening', () => process.stdout.write(`baseline listening on ${port}\n`));

const stop = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
