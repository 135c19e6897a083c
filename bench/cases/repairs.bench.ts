/**
 * Repairs: ticket intake through REST beside the same SQL on raw pg; GET /fleet/idle over a
 * million machines; a million-row CSV import streamed into a repairs process of its own (rows/s
 * and that process's peak RSS); how long a stock receipt at a center takes to turn waiting
 * tickets into reserved, repairing ones; and the turnaround report over a year of tickets.
 */
import { MS_PER_DAY, nearestRankPercentile, utcDate } from '@app/common/domain';
import { request } from 'node:http';
import { registerBench, row, type BenchRow } from '../registry';
import type { TicketBaselineInput } from '../support/baselines';
import { ChildService } from '../support/child-service';
import { CENTERS, MODELS, seedMachines, seedOpenTickets, seedReturnedTickets, SITES } from '../support/fleet';
import { describeFailures, runLoad, summarise, type HttpRequestSpec } from '../support/load';
import { BenchStack } from '../support/stack';

const CONCURRENCY = 50;
/** The raw baseline's connections: the platform's pool size per service (libs/common platform.module.ts). */
const BASELINE_CONNECTIONS = 20;

registerBench({
  name: 'repairs.tickets',
  description: `POST /tickets, ${CONCURRENCY} keep-alive clients, each on machines of its own, beside the same SQL (check, transaction, read-back) from ${CONCURRENCY} clients on ${BASELINE_CONNECTIONS} raw pg connections`,
  async run(options): Promise<BenchRow[]> {
    const name = 'repairs.tickets';
    const stack = await BenchStack.start(['repairs']);
    try {
      const staffKey = await stack.apiKey('repair_staff');
      // Enough machines that no client runs out: at most 100 tickets/s per client over warm-up and window.
      const perClient = Math.ceil(((options.warmupMs + options.durationMs) / 1000) * 100);
      await seedMachines(stack, 'BT-REST-', CONCURRENCY, perClient);
      await seedMachines(stack, 'BT-SQL-', CONCURRENCY, perClient);
      const requests: HttpRequestSpec[] = Array.from({ length: CONCURRENCY }, (_, client) => ({
        method: 'POST',
        path: '/tickets',
        body: { component: 'hashboard', faultCode: 'ERR_CHAIN', repairCenterCode: CENTERS[client % CENTERS.length] },
        vary: { field: 'machineSerial', prefix: `BT-REST-${client}-` },
      }));
      const rest = summarise(
        await runLoad({
          kind: 'http', baseUrl: stack.url('repairs'), key: staffKey, requests, expectStatus: 201,
          concurrency: CONCURRENCY, warmupMs: options.warmupMs, durationMs: options.durationMs,
        }),
      );
      const inputs: TicketBaselineInput[] = Array.from({ length: CONCURRENCY }, (_, client) => ({
        serialPrefix: `BT-SQL-${client}-`, repairCenterCode: CENTERS[client % CENTERS.length], component: 'hashboard',
      }));
      const raw = summarise(
        await runLoad({
          kind: 'pg-tx', databaseUrl: stack.database.url, schema: 'repairs', transaction: 'repairs.ticket', inputs,
          connections: BASELINE_CONNECTIONS, concurrency: CONCURRENCY, warmupMs: options.warmupMs, durationMs: options.durationMs,
        }),
      );
      // The counters must equal what the tickets hold, or the comparison measured a broken path.
      const [check] = await stack.sql<{ counted: number; open: number }>(
        `SELECT (SELECT coalesce(sum(machines), 0)::int FROM repairs.idle_counts) AS counted,
                (SELECT count(*)::int FROM repairs.tickets WHERE impact_key IS NOT NULL) AS open`,
      );
      const ratio = raw.perSecond === 0 ? 0 : rest.perSecond / raw.perSecond;
      return [
        row(name, 'REST tickets/s', rest.perSecond, '/s', undefined, describeFailures(rest.failures)),
        row(name, 'REST p50', rest.p50Ms ?? NaN, 'ms'),
        row(name, 'REST p99', rest.p99Ms ?? NaN, 'ms', { below: 50 }),
        row(name, 'raw SQL tickets/s', raw.perSecond, '/s', undefined, describeFailures(raw.failures)),
        row(name, 'raw SQL p50', raw.p50Ms ?? NaN, 'ms'),
        row(name, 'raw SQL p99', raw.p99Ms ?? NaN, 'ms'),
        row(name, 'REST / raw SQL', ratio, 'ratio', { atLeast: 0.7 }),
        row(name, 'idle_counts = open tickets', check.counted === check.open ? 1 : 0, 'ratio', undefined, `${check.counted} counted, ${check.open} open`),
      ];
    } finally {
      await stack.stop();
    }
  },
});

const FLEET = 1_000_000;
const OPEN_TICKETS = 20_000;

registerBench({
  name: 'repairs.fleet-idle',
  description: `GET /fleet/idle, ${CONCURRENCY} clients, with ${FLEET.toLocaleString('en-US')} machines and ${OPEN_TICKETS.toLocaleString('en-US')} open tickets (loaded by SQL, counters as the service keeps them)`,
  async run(options): Promise<BenchRow[]> {
    const name = 'repairs.fleet-idle';
    const stack = await BenchStack.start(['repairs']);
    try {
      const loadStarted = Date.now();
      await seedMachines(stack, 'FLEET-', 1, FLEET);
      const idle = await seedOpenTickets(stack, 'FLEET-', FLEET, FLEET / OPEN_TICKETS);
      const loadSeconds = (Date.now() - loadStarted) / 1000;
      const staffKey = await stack.apiKey('repair_staff');
      const answer = await stack.call<{ total: number; machines: number }>('repairs', 'GET', '/fleet/idle', undefined, staffKey);
      if (answer.total !== idle || answer.machines !== FLEET) {
        throw new Error(`/fleet/idle answered ${answer.total} idle of ${answer.machines}; expected ${idle} of ${FLEET}`);
      }
      const result = summarise(
        await runLoad({
          kind: 'http', baseUrl: stack.url('repairs'), key: staffKey, requests: [{ method: 'GET', path: '/fleet/idle' }],
          expectStatus: 200, concurrency: CONCURRENCY, warmupMs: options.warmupMs, durationMs: options.durationMs,
        }),
      );
      return [
        row(name, 'requests/s', result.perSecond, '/s', undefined, describeFailures(result.failures)),
        row(name, 'p50', result.p50Ms ?? NaN, 'ms'),
        row(name, 'p99', result.p99Ms ?? NaN, 'ms', { below: 20 }),
        row(name, 'data load (SQL)', loadSeconds, 's', undefined, `${SITES.length} sites x ${MODELS.length} models; ${idle} idle`),
      ];
    } finally {
      await stack.stop();
    }
  },
});

const IMPORT_ROWS = 1_000_000;

/** The CSV of `rows` machines, in chunks of 2,000 lines, generated as it is sent. */
function* machineCsv(rows: number): Generator<string> {
  yield 'serial,model,siteCode,hashrateThs,powerW\n';
  const lines: string[] = [];
  for (let n = 0; n < rows; n++) {
    const model = MODELS[n % MODELS.length];
    lines.push(`IMP-${String(n).padStart(7, '0')},${model.model},${SITES[n % SITES.length]},${model.hashrateThs},${model.powerW}`);
    if (lines.length === 2000) {
      yield `${lines.join('\n')}\n`;
      lines.length = 0;
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

/** POSTs the generated CSV with backpressure; resolves with the status and the parsed answer. */
function streamCsv(url: string, key: string, rows: number): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/machines/bulk`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: { text: text.slice(0, 300) } });
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    const source = machineCsv(rows);
    const pump = () => {
      for (let next = source.next(); !next.done; next = source.next()) {
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

registerBench({
  name: 'repairs.bulk-import',
  description: `POST /machines/bulk, ${IMPORT_ROWS.toLocaleString('en-US')} CSV rows streamed from a generator into repairs running as its own process: rows/s and the process's peak RSS`,
  async run(): Promise<BenchRow[]> {
    const name = 'repairs.bulk-import';
    const stack = await BenchStack.start([]);
    let child: ChildService | undefined;
    try {
      child = await ChildService.start(stack, 'repairs', { LOG_LEVEL: 'error' });
      const erpKey = await stack.apiKey('erp');
      const idleRss = child.rssMb();
      let sampledPeak = 0;
      const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, child!.rssMb())), 200);
      const started = performance.now();
      const answer = await streamCsv(child.url, erpKey, IMPORT_ROWS).finally(() => clearInterval(sampler));
      const seconds = (performance.now() - started) / 1000;
      const peak = child.peakRssMb();
      if (answer.status !== 201 || answer.body.created !== IMPORT_ROWS) {
        throw new Error(`import answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      }
      const [{ machines }] = await stack.sql<{ machines: number }>(`SELECT coalesce(sum(machines), 0)::int AS machines FROM repairs.machines_by_site_model`);
      return [
        row(name, 'rows/s', IMPORT_ROWS / seconds, '/s', { atLeast: 50_000 }, `${IMPORT_ROWS.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s`),
        row(name, 'service peak RSS (VmHWM)', peak, 'MB', { below: 300 }, `${idleRss.toFixed(0)} MB before the import; highest sampled ${sampledPeak.toFixed(0)} MB`),
        row(name, 'counted machines', machines, 'machines', undefined, machines === IMPORT_ROWS ? 'machines_by_site_model matches' : 'MISMATCH'),
      ];
    } finally {
      await child?.stop();
      await stack.stop();
    }
  },
});

const WAITING = 200;
const PACED_PER_SECOND = 20;

interface WaitingTicket {
  id: string;
}

/** Opens `count` tickets at `center`, moves them to diagnosing and asks for `sku`: with no stock, each waits (202). */
async function waitingTickets(stack: BenchStack, key: string, prefix: string, count: number, center: string, sku: string): Promise<WaitingTicket[]> {
  await seedMachines(stack, prefix, 1, count);
  const tickets: WaitingTicket[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - start) }, async (_, offset) => {
        const ticket = await stack.call<{ id: string }>('repairs', 'POST', '/tickets', {
          machineSerial: `${prefix}0-${start + offset}`, component: 'fan', repairCenterCode: center,
        }, key);
        for (const to of ['received', 'diagnosing']) await stack.call('repairs', 'POST', `/tickets/${ticket.id}/transitions`, { to }, key);
        return ticket;
      }),
    );
    tickets.push(...batch);
  }
  // One at a time, so the queue's order is the order here.
  for (const ticket of tickets) {
    await stack.call('repairs', 'POST', `/tickets/${ticket.id}/parts`, { sku, quantity: 1 }, key, [202]);
  }
  return tickets;
}

/** Milliseconds since the epoch at which each ticket moved to repairing (PostgreSQL's clock, the same host's). */
async function repairingTimes(stack: BenchStack, tickets: WaitingTicket[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await stack.sql<{ at_ms: string }>(
      `SELECT (extract(epoch FROM min(at)) * 1000)::bigint::text AS at_ms FROM repairs.ticket_history
        WHERE ticket_id = ANY($1::uuid[]) AND to_status = 'repairing' GROUP BY ticket_id`,
      [tickets.map((ticket) => ticket.id)],
    );
    if (rows.length === tickets.length || Date.now() > deadline) return rows.map((r) => Number(r.at_ms)).sort((a, b) => a - b);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const percentile = (values: number[], p: number) => nearestRankPercentile(values, p) ?? NaN;

registerBench({
  name: 'repairs.reservation-propagation',
  description: `${WAITING} tickets waiting for a part at a center: stock received in inventory → reserved over NATS → ticket repairing; receipts of 1 paced at ${PACED_PER_SECOND}/s, then one receipt for ${WAITING} more`,
  async run(): Promise<BenchRow[]> {
    const name = 'repairs.reservation-propagation';
    const stack = await BenchStack.start(['inventory', 'repairs']);
    try {
      const erpKey = await stack.apiKey('erp');
      const staffKey = await stack.apiKey('repair_staff');
      const center = CENTERS[0];
      const skus = ['BENCH-PROP-PACED', 'BENCH-PROP-BURST'];
      for (const sku of skus) {
        await stack.call('inventory', 'POST', '/parts', { sku, name: `Bench fan ${sku}`, category: 'fan', compatibleModels: ['S21'] }, erpKey);
      }
      const paced = await waitingTickets(stack, staffKey, 'PROP-PACED-', WAITING, center, skus[0]);
      const burst = await waitingTickets(stack, staffKey, 'PROP-BURST-', WAITING, center, skus[1]);

      // Paced: receipt k serves the k-th oldest waiting ticket (strict FIFO), so latency k = k-th repairing − k-th receipt sent.
      const sent: number[] = [];
      const start = Date.now();
      for (let k = 0; k < WAITING; k++) {
        const due = start + (k * 1000) / PACED_PER_SECOND;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        sent.push(Date.now());
        await stack.call('inventory', 'POST', '/stock/receipts', { sku: skus[0], locationCode: center, quantity: 1 }, erpKey);
      }
      const pacedTimes = await repairingTimes(stack, paced, 60_000);
      const pacedLatencies = pacedTimes.map((at, k) => at - sent[k]);

      // Burst: one receipt covers every waiting ticket; each one's time from the receipt to repairing.
      const burstSent = Date.now();
      await stack.call('inventory', 'POST', '/stock/receipts', { sku: skus[1], locationCode: center, quantity: WAITING }, erpKey);
      const burstTimes = await repairingTimes(stack, burst, 120_000);
      const burstLatencies = burstTimes.map((at) => at - burstSent);
      const missing = (times: number[]) => (times.length < WAITING ? `only ${times.length} of ${WAITING} reached repairing` : undefined);
      return [
        row(name, 'paced receipt → repairing p50', percentile(pacedLatencies, 50), 'ms', undefined, missing(pacedTimes)),
        row(name, 'paced receipt → repairing p99', percentile(pacedLatencies, 99), 'ms'),
        row(name, `one receipt → ${WAITING} repairing p50`, percentile(burstLatencies, 50), 'ms', undefined, missing(burstTimes)),
        row(name, `one receipt → ${WAITING} repairing p99`, percentile(burstLatencies, 99), 'ms'),
        row(name, `one receipt → last of ${WAITING}`, Math.max(...burstLatencies), 'ms'),
      ];
    } finally {
      await stack.stop();
    }
  },
});


const HISTORY_FLEET = 1_000_000;
/** A year of returned tickets at a million machines, as the projection bench seeds them. */
const HISTORY_TICKETS = 400_000;

registerBench({
  name: 'repairs.turnaround-report',
  description: `GET /reports/turnaround over ${HISTORY_TICKETS.toLocaleString('en-US')} returned tickets of the last year (8 history rows each, 9 in 10 with a consumed part) on ${HISTORY_FLEET.toLocaleString('en-US')} machines, repairs in a process of its own: latency for 90 days and a year; GET /reports/idle-history for 30 days and a year; the process's peak RSS`,
  async run(): Promise<BenchRow[]> {
    const name = 'repairs.turnaround-report';
    const stack = await BenchStack.start([]);
    let child: ChildService | undefined;
    try {
      child = await ChildService.start(stack, 'repairs', { LOG_LEVEL: 'error' });
      await seedMachines(stack, 'HIST-', 1, HISTORY_FLEET);
      await seedReturnedTickets(stack, 'HIST-', HISTORY_FLEET, HISTORY_TICKETS, ['hashboard', 'fan', 'psu', 'control_board']);
      const key = await stack.apiKey('mine_manager');
      const idleRss = child.rssMb();
      const yearAgo = utcDate(new Date(Date.now() - 365 * MS_PER_DAY));
      const timedCalls = async (path: string, repeats: number) => {
        const times: number[] = [];
        let entries = 0;
        for (let i = 0; i < repeats; i++) {
          const started = performance.now();
          const report = await stack.call<{ groups?: unknown[]; days?: unknown[] }>('repairs', 'GET', path, undefined, key);
          times.push(performance.now() - started);
          entries = (report.groups ?? report.days ?? []).length;
        }
        return { p50: percentile(times, 50), max: Math.max(...times), entries };
      };
      const quarter = await timedCalls('/reports/turnaround', 5);
      const year = await timedCalls(`/reports/turnaround?from=${yearAgo}`, 3);
      const month = await timedCalls('/reports/idle-history', 5);
      const yearOfDays = await timedCalls(`/reports/idle-history?from=${yearAgo}`, 3);
      const peak = child.peakRssMb();
      return [
        row(name, '90 days p50', quarter.p50, 'ms', undefined, `max ${quarter.max.toFixed(0)} ms over 5; ${quarter.entries} groups`),
        row(name, 'a year p50', year.p50, 'ms', undefined, `max ${year.max.toFixed(0)} ms over 3; ${year.entries} groups`),
        row(name, 'idle history, 30 days p50', month.p50, 'ms', undefined, `max ${month.max.toFixed(0)} ms over 5; ${month.entries} days`),
        row(name, 'idle history, a year p50', yearOfDays.p50, 'ms', undefined, `max ${yearOfDays.max.toFixed(0)} ms over 3; ${yearOfDays.entries} days`),
        row(name, 'service peak RSS (VmHWM)', peak, 'MB', undefined, `${idleRss.toFixed(0)} MB before the reports`),
      ];
    } finally {
      await child?.stop();
      await stack.stop();
    }
  },
});
