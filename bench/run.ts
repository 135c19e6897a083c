/**
 * `npm run bench [-- --only <prefix>] [--duration <s>] [--warmup <s>] [--list]`: runs the registered
 * bench cases, each on a stack of its own (fresh database, own nats-server, services in this
 * process on free ports), prints a table and writes bench/results/latest.json.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import './cases';
import { registeredBenches, type BenchOptions, type BenchRow } from './registry';
import { BenchStack } from './support/stack';

interface Arguments {
  only: string[];
  options: BenchOptions;
  list: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = { only: [], options: { durationMs: 10_000, warmupMs: 2_000 }, list: false };
  for (let index = 0; index < argv.length; index += 1) {
    const [flag, inline] = argv[index].split('=', 2);
    const value = () => inline ?? argv[++index];
    if (flag === '--only') parsed.only.push(...value().split(','));
    else if (flag === '--duration') parsed.options.durationMs = Number(value()) * 1000;
    else if (flag === '--warmup') parsed.options.warmupMs = Number(value()) * 1000;
    else if (flag === '--list') parsed.list = true;
    else throw new Error(`unknown argument ${argv[index]} (try --list, --only <case>, --duration <s>, --warmup <s>)`);
  }
  if (!(parsed.options.durationMs > 0) || !(parsed.options.warmupMs >= 0)) throw new Error('--duration and --warmup take seconds');
  return parsed;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 1) return value.toFixed(1);
  return value.toFixed(2);
}

function printTable(rows: BenchRow[]): void {
  const table = rows.map((result) => [
    result.case,
    result.metric,
    `${format(result.value)} ${result.unit === 'ratio' ? '' : result.unit}`.trim(),
    result.target ?? '',
    result.met === undefined ? '' : result.met ? 'yes' : 'NO',
    result.note ?? '',
  ]);
  const header = ['case', 'metric', 'value', 'target', 'met', 'note'];
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 2 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  process.stdout.write(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${table.map(line).join('\n')}\n`);
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const selected = registeredBenches().filter((benchCase) => args.only.length === 0 || args.only.some((prefix) => benchCase.name.startsWith(prefix)));
  if (args.list) {
    for (const benchCase of registeredBenches()) process.stdout.write(`${benchCase.name.padEnd(34)} ${benchCase.description}\n`);
    return;
  }
  if (selected.length === 0) throw new Error(`no bench case matches ${args.only.join(', ')} (see --list)`);

  const rows: BenchRow[] = [];
  const failed: string[] = [];
  for (const benchCase of selected) {
    process.stdout.write(`running ${benchCase.name}: ${benchCase.description}\n`);
    const started = Date.now();
    try {
      rows.push(...(await benchCase.run(args.options)));
      process.stdout.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      failed.push(benchCase.name);
      process.stdout.write(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  printTable(rows);

  const results = {
    at: new Date().toISOString(),
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    database: process.env.DATABASE_URL ? 'DATABASE_URL (a fresh database per case)' : 'embedded PostgreSQL (one per case)',
    options: args.options,
    rows,
    failed,
  };
  const folder = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwritten to bench/results/latest.json${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`);
  if (failed.length) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stdout.write(`\n${signal}: stopping the bench's services, nats-server and database\n`);
    void Promise.allSettled([...BenchStack.running].map((stack) => stack.stop())).then(() => process.exit(130));
  });
}

main().then(
  // Worker threads, pools and timers may linger a moment after their stacks stopped.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
