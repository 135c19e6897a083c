/**
 * The load generator, run in a worker thread so that it never shares an event loop with the
 * services under test (they run in the bench's main thread). Plain Node and pg only: no aliases.
 *
 * - `http`: `concurrency` keep-alive clients, each sending its next request as soon as the last
 *   answered (closed loop), for `warmupMs + durationMs`; latencies count after the warm-up.
 * - `http-rate`: open loop at `ratePerSecond`, whatever the answers' pace (up to 1,000 in flight).
 * - `pg`: `concurrency` connections, each running inventory's reservation transaction in a loop (closed loop).
 * - `pg-tx`: `concurrency` clients in a closed loop over a pool of `connections`, running a transaction from
 *   ./baselines, client `i` on `inputs[i]`.
 */
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool, type PoolClient } from 'pg';
import { BASELINES, type BaselineName } from './baselines';

export interface HttpRequestSpec {
  method: string;
  path: string;
  body?: unknown;
  /**
   * Makes every send of this spec a new request: its n-th send (n = 0, 1, ...) merges `cycle[n % length]`
   * into the body, and sets `field` to `${prefix}${n}`, or to the ISO time `isoFromMs + n * stepMs`.
   */
  vary?: { field?: string; prefix?: string; isoFromMs?: number; stepMs?: number; cycle?: Record<string, unknown>[] };
}

interface Common {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export type LoadJob =
  | (Common & { kind: 'http'; baseUrl: string; key: string; requests: HttpRequestSpec[]; expectStatus: number })
  | (Common & { kind: 'http-rate'; baseUrl: string; key: string; requests: HttpRequestSpec[]; expectStatus: number; ratePerSecond: number })
  | (Common & { kind: 'pg'; databaseUrl: string; schema: string; skus: string[]; locationCode: string; connections: number })
  | (Common & { kind: 'pg-tx'; databaseUrl: string; schema: string; transaction: BaselineName; inputs: unknown[]; connections: number });

export interface LoadReport {
  /** Completed operations that counted (after the warm-up) and succeeded. */
  ok: number;
  /** Unexpected answers after the warm-up, by status (or error name). */
  failures: Record<string, number>;
  /** Latency of each counted successful operation, in milliseconds. */
  latenciesMs: number[];
  /** The counted window, in milliseconds. */
  elapsedMs: number;
}

class Tally {
  ok = 0;
  failures: Record<string, number> = {};
  latenciesMs: number[] = [];
  measuring = false;

  record(started: number, success: boolean, failure?: string): void {
    if (!this.measuring) return;
    if (success) {
      this.ok += 1;
      this.latenciesMs.push(performance.now() - started);
    } else {
      const key = failure ?? 'error';
      this.failures[key] = (this.failures[key] ?? 0) + 1;
    }
  }
}

/** Runs `body` with a warm-up, then a measured window; resolves with what was measured. */
async function measure(job: Common, tally: Tally, loop: (deadline: () => boolean) => Promise<void>): Promise<LoadReport> {
  let stopped = false;
  let windowStart = 0;
  const running = loop(() => stopped);
  await new Promise((resolve) => setTimeout(resolve, job.warmupMs));
  tally.measuring = true;
  windowStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, job.durationMs));
  tally.measuring = false;
  const elapsedMs = performance.now() - windowStart;
  stopped = true;
  await running;
  return { ok: tally.ok, failures: tally.failures, latenciesMs: tally.latenciesMs, elapsedMs };
}

const sends = new WeakMap<HttpRequestSpec, number>();

/** The body of this send of `spec` (see HttpRequestSpec.vary). */
function bodyOf(spec: HttpRequestSpec): unknown {
  if (!spec.vary) return spec.body;
  const n = sends.get(spec) ?? 0;
  sends.set(spec, n + 1);
  const { field, prefix, isoFromMs, stepMs, cycle } = spec.vary;
  const body: Record<string, unknown> = { ...(spec.body as Record<string, unknown>), ...(cycle ? cycle[n % cycle.length] : {}) };
  if (field) body[field] = isoFromMs !== undefined ? new Date(isoFromMs + n * (stepMs ?? 1000)).toISOString() : `${prefix ?? ''}${n}`;
  return body;
}

function send(agent: Agent, baseUrl: string, key: string, spec: HttpRequestSpec): Promise<number> {
  const payload = bodyOf(spec);
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${spec.path}`,
      {
        method: spec.method,
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function runHttp(job: Extract<LoadJob, { kind: 'http' }>): Promise<LoadReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const tally = new Tally();
  const report = await measure(job, tally, async (stopped) => {
    await Promise.all(
      Array.from({ length: job.concurrency }, async (_, client) => {
        while (!stopped()) {
          const spec = job.requests[client % job.requests.length];
          const started = performance.now();
          try {
            const status = await send(agent, job.baseUrl, job.key, spec);
            tally.record(started, status === job.expectStatus, String(status));
          } catch (error) {
            tally.record(started, false, (error as Error).name);
          }
        }
      }),
    );
  });
  agent.destroy();
  return report;
}

async function runHttpAtRate(job: Extract<LoadJob, { kind: 'http-rate' }>): Promise<LoadReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const tally = new Tally();
  const intervalMs = 1000 / job.ratePerSecond;
  let inFlight = 0;
  const report = await measure(job, tally, async (stopped) => {
    const start = performance.now();
    const pending = new Set<Promise<void>>();
    for (let sent = 0; !stopped(); sent += 1) {
      // Open loop: the n-th request leaves at start + n * interval, never waiting for answers.
      const due = start + sent * intervalMs;
      const wait = due - performance.now();
      // Behind schedule, still yield, or the answers (and the end of the run) are never seen.
      await new Promise((resolve) => (wait > 1 ? setTimeout(resolve, wait) : setImmediate(resolve)));
      if (inFlight >= 1000) {
        tally.record(due, false, 'backlog');
        continue;
      }
      const spec = job.requests[sent % job.requests.length];
      inFlight += 1;
      const started = performance.now();
      const done: Promise<void> = send(agent, job.baseUrl, job.key, spec)
        .then((status) => tally.record(started, status === job.expectStatus, String(status)))
        .catch((error: Error) => tally.record(started, false, error.name))
        .finally(() => {
          inFlight -= 1;
          pending.delete(done);
        });
      pending.add(done);
    }
    await Promise.all(pending);
  });
  agent.destroy();
  return report;
}

/**
 * The SQL the inventory service runs for one reservation (reservations.service.ts), as one
 * transaction from a raw pg connection: the baseline the REST path is compared with.
 */
async function reserveOnce(client: PoolClient, schema: string, sku: string, locationCode: string): Promise<boolean> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT serialized FROM ${schema}.parts WHERE sku = $1`, [sku]);
    await client.query(`SELECT code FROM ${schema}.locations WHERE code = ANY($1)`, [[locationCode]]);
    const balance = await client.query(
      `UPDATE ${schema}.stock_balances SET reserved = reserved + $3, updated_at = now()
        WHERE sku = $1 AND location_code = $2 AND on_hand - reserved >= $3 RETURNING *`,
      [sku, locationCode, 1],
    );
    if (balance.rowCount !== 1) {
      await client.query('ROLLBACK');
      return false;
    }
    const id = randomUUID();
    await client.query(
      `INSERT INTO ${schema}.reservations (id, request_id, sku, location_code, quantity, ticket_id, status, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', $7, $8) RETURNING *`,
      [id, null, sku, locationCode, 1, null, null, 'bench'],
    );
    await client.query(`INSERT INTO ${schema}.reservation_history (reservation_id, status, actor, note) VALUES ($1, $2, $3, $4)`, [
      id, 'confirmed', 'bench', null,
    ]);
    const row = balance.rows[0] as { on_hand: number; reserved: number; in_transit: number };
    const envelope = {
      id: randomUUID(),
      type: 'inventory.stock.reserved',
      occurredAt: new Date().toISOString(),
      version: 1,
      data: {
        sku, locationCode, quantity: 1, reference: id, reservationId: id,
        balance: { onHand: row.on_hand, reserved: row.reserved, available: row.on_hand - row.reserved, inTransit: row.in_transit },
      },
    };
    await client.query(`INSERT INTO ${schema}.outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [
      envelope.id, envelope.type, JSON.stringify(envelope),
    ]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function runPg(job: Extract<LoadJob, { kind: 'pg' }>): Promise<LoadReport> {
  // `concurrency` clients share `connections` connections, as the service's requests share its pool.
  const pool = new Pool({ connectionString: job.databaseUrl, max: job.connections });
  const tally = new Tally();
  const report = await measure(job, tally, async (stopped) => {
    await Promise.all(
      Array.from({ length: job.concurrency }, async (_, index) => {
        const sku = job.skus[index % job.skus.length];
        while (!stopped()) {
          const started = performance.now();
          const client = await pool.connect();
          try {
            tally.record(started, await reserveOnce(client, job.schema, sku, job.locationCode), 'short');
          } catch (error) {
            tally.record(started, false, (error as { code?: string }).code ?? (error as Error).name);
          } finally {
            client.release();
          }
        }
      }),
    );
  });
  await pool.end();
  return report;
}

async function runPgTransaction(job: Extract<LoadJob, { kind: 'pg-tx' }>): Promise<LoadReport> {
  const transaction = BASELINES[job.transaction];
  // `concurrency` clients share `connections` connections, as the service's requests share its pool.
  const pool = new Pool({ connectionString: job.databaseUrl, max: job.connections, options: `-c search_path=${job.schema},public` });
  await Promise.all(Array.from({ length: job.connections }, () => pool.connect().then((client) => client.release())));
  const tally = new Tally();
  const report = await measure(job, tally, async (stopped) => {
    await Promise.all(
      Array.from({ length: job.concurrency }, async (_, index) => {
        const state = { input: job.inputs[index % job.inputs.length], n: 0 };
        while (!stopped()) {
          const started = performance.now();
          const client = await pool.connect();
          try {
            tally.record(started, await transaction(client, state), 'rejected');
          } catch (error) {
            tally.record(started, false, (error as { code?: string }).code ?? (error as Error).name);
          } finally {
            client.release();
          }
          state.n += 1;
        }
      }),
    );
  });
  await pool.end();
  return report;
}

async function run(job: LoadJob): Promise<LoadReport> {
  switch (job.kind) {
    case 'http':
      return runHttp(job);
    case 'http-rate':
      return runHttpAtRate(job);
    case 'pg':
      return runPg(job);
    case 'pg-tx':
      return runPgTransaction(job);
  }
}

if (parentPort) {
  run(workerData as LoadJob).then(
    (report) => parentPort!.postMessage({ report }),
    (error: Error) => parentPort!.postMessage({ error: error.stack ?? error.message }),
  );
}
