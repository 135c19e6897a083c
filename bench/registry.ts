/**
 * The bench cases `npm run bench` knows. A case measures one thing on a stack it starts itself and
 * reports rows for the results table; register new ones in bench/cases/index.ts.
 */
export interface BenchOptions {
  /** Measured window of each load phase. */
  durationMs: number;
  /** Load before the window opens (connections, JIT, caches). */
  warmupMs: number;
}

export interface BenchRow {
  case: string;
  metric: string;
  value: number;
  unit: string;
  /** e.g. ">= 0.7" or "< 50"; absent for figures reported without a target. */
  target?: string;
  /** Whether the value meets the target; absent without one. */
  met?: boolean;
  note?: string;
}

export interface BenchCase {
  /** `<service>.<what>`, e.g. `inventory.reservations`; `--only` matches its start. */
  name: string;
  description: string;
  run(options: BenchOptions): Promise<BenchRow[]>;
}

const cases: BenchCase[] = [];

export function registerBench(benchCase: BenchCase): void {
  if (cases.some((known) => known.name === benchCase.name)) throw new Error(`bench case ${benchCase.name} is registered twice`);
  cases.push(benchCase);
}

export function registeredBenches(): readonly BenchCase[] {
  return cases;
}

/** A row with its target checked: `atLeast` for throughput-like figures, `below` for latencies. */
export function row(
  name: string,
  metric: string,
  value: number,
  unit: string,
  target?: { atLeast?: number; below?: number },
  note?: string,
): BenchRow {
  const checked =
    target?.atLeast !== undefined
      ? { target: `>= ${target.atLeast}`, met: value >= target.atLeast }
      : target?.below !== undefined
        ? { target: `< ${target.below}`, met: value < target.below }
        : {};
  return { case: name, metric, value, unit, ...checked, ...(note ? { note } : {}) };
}
