import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A fresh, empty database for one test file, on the run's PostgreSQL; dropped at the run's teardown. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  const runId = process.env.TEST_RUN_ID;
  if (!adminUrl || !runId) throw new Error('integration tests need the Jest global setup (run them through npm test)');
  const name = `${runId}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
