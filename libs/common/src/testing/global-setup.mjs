// Jest global setup for integration tests: a PostgreSQL server the run may create databases in.
// DATABASE_URL (e.g. the machine's PostgreSQL in CI) is used when given; otherwise a throwaway
// PostgreSQL is started on a free port and removed at teardown. Each test file then creates its own
// fresh database, so parallel workers and other stacks never share tables.
import { startThrowawayPostgres } from '../../../../scripts/lib/throwaway-postgres.mjs';

export default async function globalSetup() {
  process.env.TEST_RUN_ID = `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const postgres = await startThrowawayPostgres({ prefix: 'fleet-uptime-test-pg-', keepExitHooks: true });
  globalThis.__EMBEDDED_POSTGRES__ = postgres;
  process.env.TEST_ADMIN_DATABASE_URL = postgres.adminUrl;
}
