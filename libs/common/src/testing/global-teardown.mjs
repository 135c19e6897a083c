// Drops the databases this run created and stops the embedded PostgreSQL if the run started one.
import pg from 'pg';

export default async function globalTeardown() {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  const runId = process.env.TEST_RUN_ID;
  if (adminUrl && runId) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${runId}%`]);
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
      }
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (globalThis.__EMBEDDED_POSTGRES__) await globalThis.__EMBEDDED_POSTGRES__.stop();
}
