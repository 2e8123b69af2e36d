// Each test file gets its own database, copied from the migrated template that npm test prepared.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test`);
  return value;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = env('TEST_PG_ADMIN_URL');
  const name = `${env('TEST_PG_PREFIX')}${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin.query(`create database ${admin.escapeIdentifier(name)} template ${admin.escapeIdentifier(env('TEST_PG_TEMPLATE'))}`);
      break;
    } catch (error) {
      // Two files copying the template at the same instant: wait and try again.
      if (attempt > 20 || !String((error as Error).message).includes('being accessed')) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      await client.end();
    },
  };
}
