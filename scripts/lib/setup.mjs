// What `npm start`, `npm test` and the benchmarks need before anything runs: node_modules, a fresh
// build, a nats-server binary. Only Node built-ins here: this file runs before `npm ci` has.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
export const SERVICES = ['inventory', 'repairs', 'shipments'];

const isWindows = process.platform === 'win32';

/** Runs a command in the repository with inherited output; exits the process if it fails. */
export function runOrExit(command, args, description, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: isWindows, ...options });
  if (result.error) {
    process.stderr.write(`${description} failed: ${result.error.message}\n`);
    process.exit(1);
  }
  if (result.status !== 0) {
    process.stderr.write(`${description} failed (exit code ${result.status ?? result.signal}).\n`);
    process.exit(result.status || 1);
  }
}

/** `npm ci` when node_modules is missing or older than the lockfile (e.g. after a pull). */
export function ensureNodeModules() {
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  const lockfile = join(ROOT, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs) return;
  process.stdout.write('Installing dependencies (npm ci)...\n');
  runOrExit('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
}

const BUILD_STAMP = join(DIST, '.build-stamp');
const BUILD_INPUTS = ['apps', 'libs', 'bench', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** Newest modification time of what tsc compiles under `path` (specs and tests are not built). */
function newestSourceMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (stat.isFile()) return /\.(spec|int-spec|e2e-spec)\.ts$/.test(path) || !/\.(ts|json)$/.test(path) ? 0 : stat.mtimeMs;
  if (!stat.isDirectory()) return 0;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of readdirSync(path)) {
    if (['node_modules', 'test', 'results'].includes(entry)) continue;
    newest = Math.max(newest, newestSourceMtime(join(path, entry)));
  }
  return newest;
}

/** Compiles to dist/ when it is missing or older than any source (tsc -p tsconfig.build.json). */
export function ensureBuilt({ force = false } = {}) {
  const stamp = statSync(BUILD_STAMP, { throwIfNoEntry: false });
  const newest = Math.max(...BUILD_INPUTS.map((input) => newestSourceMtime(join(ROOT, input))));
  if (!force && stamp && stamp.mtimeMs >= newest) return;
  process.stdout.write('Building (tsc -p tsconfig.build.json)...\n');
  runOrExit(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], 'The build');
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
}

/** The services whose compiled entry point exists (the others are not written yet). */
export function builtServices() {
  return SERVICES.filter((service) => existsSync(join(DIST, 'apps', service, 'src', 'main.js')));
}

/** nats-server from NATS_SERVER_BIN, the PATH, or Debian's package location; undefined if none. */
export function findNatsServer() {
  if (process.env.NATS_SERVER_BIN) return existsSync(process.env.NATS_SERVER_BIN) ? process.env.NATS_SERVER_BIN : undefined;
  const name = isWindows ? 'nats-server.exe' : 'nats-server';
  for (const directory of [...(process.env.PATH ?? '').split(isWindows ? ';' : ':'), '/usr/sbin', '/usr/local/bin']) {
    if (directory && existsSync(join(directory, name))) return join(directory, name);
  }
  return undefined;
}

function succeeds(command, args) {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

/**
 * Finds nats-server, installing it with apt when we may (root, or passwordless sudo); otherwise
 * says exactly what to install and exits 1. Exports NATS_SERVER_BIN for the tests' helpers.
 */
export function ensureNatsServer() {
  let binary = findNatsServer();
  if (!binary && !isWindows && succeeds('sh', ['-c', 'command -v apt-get'])) {
    const asRoot = process.getuid?.() === 0;
    const sudo = !asRoot && succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : asRoot ? [] : undefined;
    if (sudo) {
      process.stdout.write('nats-server is missing: installing it with apt-get...\n');
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const [command, ...prefix] = [...sudo, 'apt-get'];
      runOrExit(command, [...prefix, 'update'], 'apt-get update', { env });
      runOrExit(command, [...prefix, 'install', '-y', 'nats-server'], 'apt-get install nats-server', { env });
      binary = findNatsServer();
    }
  }
  if (!binary) {
    process.stderr.write(
      [
        'nats-server (NATS with JetStream, 2.9 or newer) is required but was not found.',
        'Install it, then run this again:',
        '  Debian/Ubuntu:  sudo apt-get install -y nats-server',
        '  macOS:          brew install nats-server',
        '  anywhere:       a release from https://github.com/nats-io/nats-server/releases on your PATH',
        '                  (or set NATS_SERVER_BIN=/path/to/nats-server)',
        'Or point NATS_URL at a running NATS server with JetStream enabled (npm start only).',
        '',
      ].join('\n'),
    );
    process.exit(1);
  }
  process.env.NATS_SERVER_BIN = binary;
  return binary;
}
