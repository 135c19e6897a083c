// `npm run bench`: builds what is stale, then runs the compiled bench (bench/run.ts) with the alias
// hook. Arguments go to the bench: npm run bench -- --only inventory.reservations --duration 5
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, ensureNatsServer, ensureNodeModules, ROOT } from './lib/setup.mjs';

ensureNodeModules();
ensureNatsServer();
ensureBuilt();
const bench = spawn(
  process.execPath,
  ['-r', join(ROOT, 'scripts', 'register-aliases.js'), join(ROOT, 'dist', 'bench', 'run.js'), ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);
// The bench stops its own stacks on SIGINT/SIGTERM: pass them on and wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => bench.kill(signal));
bench.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
