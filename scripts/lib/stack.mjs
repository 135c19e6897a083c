// `npm start`: the whole product on one machine. Uses DATABASE_URL / NATS_URL when given, else runs
// its own PostgreSQL and nats-server with their data in .data/, starts the services, waits until
// every /health answers 200, prints where everything is, and stops it all in order on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';
import { startNatsServer } from './nats-server.mjs';
import { formatLogLine, freePort, portIsFree, running, say, sleep, spawnManaged, stopLeftovers } from './processes.mjs';
import { builtServices, DIST, ensureBuilt, ensureNatsServer, ROOT, SERVICES } from './setup.mjs';

const DATA_DIR = join(ROOT, '.data');
const RUN_DIR = join(DATA_DIR, 'run');
const DEFAULT_PORTS = { inventory: 3001, repairs: 3002, shipments: 3003 };
const HEALTH_TIMEOUT_MS = 120_000;

const USAGE = `Usage: npm start [-- --no-demo] [--raw-logs]

Starts inventory, repairs and shipments. Without DATABASE_URL / NATS_URL it runs its own
PostgreSQL and nats-server with their data in .data/ (delete that folder to start afresh).
  --no-demo    do not load demo data on first start (DEMO_DATA=false)
  --raw-logs   print the services' JSON log lines as they are
Environment: DATABASE_URL, NATS_URL, INVENTORY_PORT, REPAIRS_PORT, SHIPMENTS_PORT,
BOOTSTRAP_ADMIN_KEY, DEMO_DATA, LOG_LEVEL, RATE_LIMIT_PER_SECOND (see README.md).
`;

let stopping = false;
let firstSignalAt = 0;

/** Stops what we started, in order: services, then nats-server, then PostgreSQL; then exits. */
async function shutdown(reason, exitCode) {
  if (stopping) return;
  stopping = true;
  if (reason) say('start', reason);
  const byKind = (test) => [...running].filter((managed) => test(managed.name));
  await Promise.all(byKind((name) => SERVICES.includes(name)).map((managed) => managed.stop()));
  await Promise.all(byKind((name) => name === 'nats').map((managed) => managed.stop()));
  await Promise.all(byKind((name) => name === 'postgres').map((managed) => managed.stop()));
  await Promise.all([...running].map((managed) => managed.stop()));
  say('start', 'stopped');
  process.exit(exitCode);
}

function onSignal(signal) {
  // npm passes the terminal's Ctrl-C on as well: only a second one, a moment later, means "now".
  if (stopping && Date.now() - firstSignalAt > 2000) {
    say('start', `${signal} again: killing everything now`);
    for (const managed of running) managed.signalNow(managed.name === 'postgres' ? 'SIGQUIT' : 'SIGKILL');
    process.exit(130);
  }
  if (stopping) return;
  firstSignalAt = Date.now();
  void shutdown(`${signal}: stopping services, then nats-server, then PostgreSQL (press Ctrl-C again to kill them at once)`, 0);
}

function adminKey() {
  if (process.env.BOOTSTRAP_ADMIN_KEY) return { key: process.env.BOOTSTRAP_ADMIN_KEY, source: 'BOOTSTRAP_ADMIN_KEY' };
  const file = join(DATA_DIR, 'admin-key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), source: relative(ROOT, file) };
  const key = `adm_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: `${relative(ROOT, file)} (new)` };
}

async function checkPorts(services) {
  const ports = {};
  for (const service of services) {
    const variable = `${service.toUpperCase()}_PORT`;
    const port = Number(process.env[variable] || DEFAULT_PORTS[service]);
    if (!(await portIsFree(port))) {
      throw new Error(`port ${port} for ${service} is in use: stop what listens there, or choose another, e.g. ${variable}=${port + 1000} npm start`);
    }
    ports[service] = port;
  }
  return ports;
}

async function health(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { ok: response.status === 200, detail: `${response.status} ${(await response.text()).slice(0, 300)}` };
  } catch (error) {
    return { ok: false, detail: error.cause?.code ?? error.message };
  }
}

/** Polls every /health until all answer 200; on timeout names those that did not. */
async function waitUntilHealthy(ports) {
  const started = Date.now();
  const pending = new Map(Object.entries(ports).map(([service, port]) => [service, { detail: 'not polled yet' }]));
  while (pending.size > 0 && !stopping) {
    for (const [service] of pending) {
      const result = await health(`http://127.0.0.1:${ports[service]}/health`);
      if (result.ok) {
        pending.delete(service);
        say('start', `${service} is healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } else {
        pending.get(service).detail = result.detail;
      }
    }
    if (pending.size === 0) break;
    if (Date.now() - started > HEALTH_TIMEOUT_MS) {
      const failed = [...pending].map(([service, { detail }]) => `${service} (last answer: ${detail})`).join(', ');
      throw new Error(`not healthy within ${HEALTH_TIMEOUT_MS / 1000} s: ${failed}`);
    }
    await sleep(500);
  }
}

function printSummary({ ports, key, keySource, database, nats }) {
  const lines = ['', 'Fleet Uptime is running.', ''];
  for (const [service, port] of Object.entries(ports)) {
    const base = `http://localhost:${port}`;
    lines.push(`  ${service.padEnd(10)} API ${base}   docs ${base}/docs   metrics ${base}/metrics`);
    if (service === 'repairs') lines.push(`  ${''.padEnd(10)} dashboard ${base}/dashboard`);
  }
  const missing = SERVICES.filter((service) => !ports[service]);
  if (missing.length) lines.push(`  (not built yet, so not started: ${missing.join(', ')})`);
  lines.push(
    '',
    `  Admin API key: ${key}`,
    `    from ${keySource}; try: curl -H "Authorization: Bearer ${key}" http://localhost:${Object.values(ports)[0]}/api-keys`,
    `  PostgreSQL:    ${database}`,
    `  NATS:          ${nats}`,
    `  Data folder:   ${DATA_DIR}  (stop, then delete it to start afresh)`,
    '',
    'Press Ctrl-C to stop everything.',
    '',
  );
  process.stdout.write(lines.join('\n'));
}

export async function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const unknown = argv.filter((arg) => !['--no-demo', '--raw-logs'].includes(arg));
  if (unknown.length) {
    process.stderr.write(`unknown option ${unknown.join(' ')}\n${USAGE}`);
    process.exit(2);
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => onSignal(signal));
  // If we die anyway, do not leave children behind (they run in their own process groups).
  process.on('exit', () => {
    for (const managed of running) managed.signalNow();
  });

  try {
    ensureBuilt();
    const services = builtServices();
    if (services.length === 0) throw new Error(`no service is built: expected ${relative(ROOT, DIST)}/apps/<service>/src/main.js`);
    mkdirSync(DATA_DIR, { recursive: true });
    await stopLeftovers(RUN_DIR, { postgres: 'SIGINT' });
    const ports = await checkPorts(services);

    let databaseUrl = process.env.DATABASE_URL;
    let databaseNote = 'DATABASE_URL (given)';
    if (!databaseUrl) {
      const port = await freePort();
      say('start', `starting PostgreSQL on 127.0.0.1:${port} with its data in .data/postgres`);
      const postgres = await startEmbeddedPostgres({
        dataDir: join(DATA_DIR, 'postgres'),
        passwordFile: join(DATA_DIR, 'postgres-password'),
        runDir: RUN_DIR,
        port,
        database: 'fleet_uptime',
      });
      if (postgres.created) say('start', 'created a new PostgreSQL cluster in .data/postgres');
      databaseUrl = postgres.url;
      databaseNote = `${postgres.url.replace(/:[^:@/]+@/, ':***@')} (own server; password in .data/postgres-password)`;
    }
    if (stopping) return;

    let natsUrl = process.env.NATS_URL;
    let natsNote = `${natsUrl} (given)`;
    if (!natsUrl) {
      const binary = ensureNatsServer();
      const port = await freePort();
      say('start', `starting ${binary} on 127.0.0.1:${port} with its JetStream store in .data/nats`);
      const nats = await startNatsServer({ binary, storeDir: join(DATA_DIR, 'nats'), port, runDir: RUN_DIR });
      natsUrl = nats.url;
      natsNote = `${natsUrl} (own server)`;
    }
    if (stopping) return;

    const { key, source: keySource } = adminKey();
    const demo = argv.includes('--no-demo') ? 'false' : (process.env.DEMO_DATA ?? 'true');
    const rawLogs = argv.includes('--raw-logs');
    for (const service of services) {
      const entry = join(DIST, 'apps', service, 'src', 'main.js');
      const child = spawnManaged(service, process.execPath, ['-r', join(ROOT, 'scripts', 'register-aliases.js'), entry], {
        cwd: ROOT,
        runDir: RUN_DIR,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          NATS_URL: natsUrl,
          BOOTSTRAP_ADMIN_KEY: key,
          DEMO_DATA: demo,
          [`${service.toUpperCase()}_PORT`]: String(ports[service]),
        },
        filter: rawLogs ? undefined : formatLogLine,
      });
      void child.exit.then(({ code, signal }) => {
        if (!stopping) void shutdown(`${service} exited (${signal ?? `code ${code}`}): stopping the rest`, 1);
      });
    }
    say('start', `started ${services.join(', ')}${demo === 'true' ? ' (with demo data on first start)' : ''}; waiting for /health`);
    await waitUntilHealthy(ports);
    if (stopping) return;
    printSummary({ ports, key, keySource, database: databaseNote, nats: natsNote });
  } catch (error) {
    await shutdown(`failed: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}
