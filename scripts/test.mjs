// `npm test`: installs what is missing (node_modules, nats-server), type-checks everything
// (ts-jest with isolatedModules does not), then runs every Jest layer. Extra arguments go to Jest:
//   npm test -- --selectProjects unit        npm test -- apps/inventory
// Integration tests use DATABASE_URL when it is set (each test file creates its own database
// there); otherwise Jest's global setup starts an embedded PostgreSQL for the run.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ensureNatsServer, ensureNodeModules, ROOT } from './lib/setup.mjs';

function run(args, description) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`${description} failed.\n`);
    process.exit(result.status ?? 1);
  }
}

const jestArgs = process.argv.slice(2);
ensureNodeModules();
ensureNatsServer();
run([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json'], 'Type-checking (tsc --noEmit)');

// Jest's default on 2 cores is a single worker; integration files wait on I/O, so use at least 2.
const chooses = (arg) => /^(--maxWorkers|-w|--runInBand|-i)(=|$)/.test(arg);
const workers = jestArgs.some(chooses) ? [] : [`--maxWorkers=${Math.min(Math.max(availableParallelism(), 2), 4)}`];
// Jest 30 reads testTimeout from the global config only (a project's own is ignored), so the
// integration project's 60 s must be given here; unit tests finish far below it anyway.
const timeout = jestArgs.some((arg) => arg.startsWith('--testTimeout')) ? [] : ['--testTimeout=60000'];
run([join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', ...workers, ...timeout, ...jestArgs], 'Jest');
