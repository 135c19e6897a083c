/**
 * Shipments: tracking-event ingest through REST beside the same SQL on raw pg; and the duty of a
 * 10,000-line shipment, through GET /shipments/{id}/duty and through the pure rules alone.
 */
import { nearestRankPercentile } from '@app/common/domain';
import { assessDuty, computeLandedCost, type DutyLine } from '../../apps/shipments/src/duty/duty.rules';
import type { TariffEntry } from '../../apps/shipments/src/tariffs/tariff.rules';
import { registerBench, row, type BenchRow } from '../registry';
import { TRACKING_CYCLE, type TrackingBaselineInput } from '../support/baselines';
import { describeFailures, runLoad, summarise, type HttpRequestSpec } from '../support/load';
import { BenchStack } from '../support/stack';

const CONCURRENCY = 50;
/** The raw baseline's connections: the platform's pool size per service. */
const BASELINE_CONNECTIONS = 20;
const DAY = 86_400_000;

const LINE_TEMPLATES = [
  { sku: 'HB-S21-200', hsCode: '8473.30.11', countryOfOrigin: 'CN', unitUsd: 310 },
  { sku: 'PSU-APW12', hsCode: '8504.40.95', countryOfOrigin: 'CN', unitUsd: 145 },
  { sku: 'FAN-12038', hsCode: '8414.59.65', countryOfOrigin: 'MY', unitUsd: 12 },
  { sku: 'CB-S19-XP', hsCode: '8473.30.11', countryOfOrigin: 'VN', unitUsd: 95 },
  { sku: 'PSU-APW17', hsCode: '8504.40.95', countryOfOrigin: 'TH', unitUsd: 160 },
];

const TARIFFS = [
  { countryOfOrigin: 'CN', hsCode: '8473', ratePct: '0', effectiveFrom: '2020-01-01' },
  { countryOfOrigin: 'CN', hsCode: '8473.30.11', ratePct: '25', effectiveFrom: '2020-01-01', program: 'section_301' },
  { countryOfOrigin: 'CN', hsCode: '84', ratePct: '10', effectiveFrom: '2025-04-05', program: 'reciprocal' },
  { countryOfOrigin: 'CN', hsCode: '8504.40', ratePct: '1.5', effectiveFrom: '2020-01-01' },
  { countryOfOrigin: 'MY', hsCode: '8414', ratePct: '2.3', effectiveFrom: '2020-01-01' },
  { countryOfOrigin: 'VN', hsCode: '8473', ratePct: '0', effectiveFrom: '2020-01-01' },
  { countryOfOrigin: 'VN', hsCode: '84', ratePct: '20', effectiveFrom: '2025-08-07', program: 'reciprocal' },
  { countryOfOrigin: 'TH', hsCode: '8504', ratePct: '1.5', effectiveFrom: '2020-01-01' },
];

function lineInput(index: number) {
  const template = LINE_TEMPLATES[index % LINE_TEMPLATES.length];
  const quantity = 1 + (index % 7);
  return {
    sku: template.sku, quantity, declaredValueUsd: (template.unitUsd * quantity).toFixed(2), hsCode: template.hsCode,
    countryOfOrigin: template.countryOfOrigin,
  };
}

/** Creates a shipment from CN to AR-REPAIR with `lines` lines (at most 1,000 through the API); answers its id. */
async function createShipment(stack: BenchStack, key: string, reference: string, lines: number): Promise<string> {
  const created = await stack.call<{ id: string }>('shipments', 'POST', '/shipments', {
    reference, originCountry: 'CN', destinationCode: 'AR-REPAIR', portOfEntry: 'USLGB', carrier: 'COSCO', freightUsd: '1800.00',
    lines: Array.from({ length: lines }, (_, index) => lineInput(index)),
  }, key);
  return created.id;
}

registerBench({
  name: 'shipments.events',
  description: `POST /shipments/{id}/events (customs_hold, customs_released, exception in turn), ${CONCURRENCY} clients each on its own shipment at port, beside the same SQL from ${CONCURRENCY} clients on ${BASELINE_CONNECTIONS} raw pg connections`,
  async run(options): Promise<BenchRow[]> {
    const name = 'shipments.events';
    const stack = await BenchStack.start(['shipments']);
    try {
      const erpKey = await stack.apiKey('erp');
      const from = Date.now() - 60 * DAY;
      // Each shipment departed and arrived at port through the API; the cycle starts after that.
      const atPort = async (reference: string) => {
        const id = await createShipment(stack, erpKey, reference, 3);
        await stack.call('shipments', 'POST', `/shipments/${id}/events`, { type: 'departed', at: new Date(from).toISOString() }, erpKey);
        await stack.call('shipments', 'POST', `/shipments/${id}/events`, { type: 'arrived_at_port', at: new Date(from + DAY).toISOString() }, erpKey);
        return id;
      };
      const restIds: string[] = [];
      const rawIds: string[] = [];
      for (let start = 0; start < CONCURRENCY; start += 10) {
        restIds.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => atPort(`BENCH-EV-REST-${start + i}`)))));
        rawIds.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => atPort(`BENCH-EV-SQL-${start + i}`)))));
      }
      const cycleFrom = from + 2 * DAY;
      const requests: HttpRequestSpec[] = restIds.map((id) => ({
        method: 'POST', path: `/shipments/${id}/events`, body: {},
        vary: { field: 'at', isoFromMs: cycleFrom, stepMs: 1000, cycle: TRACKING_CYCLE.map((step) => ({ ...step })) },
      }));
      const rest = summarise(
        await runLoad({
          kind: 'http', baseUrl: stack.url('shipments'), key: erpKey, requests, expectStatus: 201,
          concurrency: CONCURRENCY, warmupMs: options.warmupMs, durationMs: options.durationMs,
        }),
      );
      const inputs: TrackingBaselineInput[] = rawIds.map((shipmentId) => ({ shipmentId, fromMs: cycleFrom }));
      const raw = summarise(
        await runLoad({
          kind: 'pg-tx', databaseUrl: stack.database.url, schema: 'shipments', transaction: 'shipments.tracking', inputs,
          connections: BASELINE_CONNECTIONS, concurrency: CONCURRENCY, warmupMs: options.warmupMs, durationMs: options.durationMs,
        }),
      );
      const ratio = raw.perSecond === 0 ? 0 : rest.perSecond / raw.perSecond;
      return [
        row(name, 'REST events/s', rest.perSecond, '/s', undefined, describeFailures(rest.failures)),
        row(name, 'REST p50', rest.p50Ms ?? NaN, 'ms'),
        row(name, 'REST p99', rest.p99Ms ?? NaN, 'ms'),
        row(name, 'raw SQL events/s', raw.perSecond, '/s', undefined, describeFailures(raw.failures)),
        row(name, 'raw SQL p50', raw.p50Ms ?? NaN, 'ms'),
        row(name, 'raw SQL p99', raw.p99Ms ?? NaN, 'ms'),
        row(name, 'REST / raw SQL', ratio, 'ratio', { atLeast: 0.7 }),
      ];
    } finally {
      await stack.stop();
    }
  },
});

const DUTY_LINES = 10_000;
const API_LINES = 1_000;
const REPEATS = 20;

/** Runs `work` `REPEATS` times after two warm-up calls; answers p50 and max in ms. */
async function timed(work: () => unknown): Promise<{ p50: number; max: number }> {
  for (let i = 0; i < 2; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return { p50: nearestRankPercentile(times, 50) ?? NaN, max: Math.max(...times) };
}

registerBench({
  name: 'shipments.duty',
  description: `duty and landed cost of a ${DUTY_LINES.toLocaleString('en-US')}-line shipment over ${TARIFFS.length} tariffs: GET /shipments/{id}/duty, and the pure assessDuty / computeLandedCost`,
  async run(): Promise<BenchRow[]> {
    const name = 'shipments.duty';
    const stack = await BenchStack.start(['shipments']);
    try {
      const erpKey = await stack.apiKey('erp');
      const schedule: TariffEntry[] = [];
      for (const tariff of TARIFFS) {
        const created = await stack.call<TariffEntry>('shipments', 'POST', '/tariffs', tariff, erpKey);
        schedule.push(created);
      }
      // The API takes 1,000 lines per shipment; the other 9,000 are added as the repository writes lines.
      const id = await createShipment(stack, erpKey, 'BENCH-DUTY-10K', API_LINES);
      const extra = Array.from({ length: DUTY_LINES - API_LINES }, (_, index) => lineInput(API_LINES + index));
      await stack.sql(
        `INSERT INTO shipments.shipment_lines (shipment_id, line_no, sku, quantity, declared_value_usd, hs_code, country_of_origin)
         SELECT $1, $2 + n, sku, quantity, declared, replace(hs, '.', ''), origin
           FROM unnest($3::text[], $4::int[], $5::numeric[], $6::text[], $7::text[]) WITH ORDINALITY AS line(sku, quantity, declared, hs, origin, n)`,
        [id, API_LINES, extra.map((l) => l.sku), extra.map((l) => l.quantity), extra.map((l) => l.declaredValueUsd), extra.map((l) => l.hsCode),
          extra.map((l) => l.countryOfOrigin)],
      );
      const at = new Date(Date.now() - 10 * DAY).toISOString();
      await stack.call('shipments', 'POST', `/shipments/${id}/events`, { type: 'departed', at }, erpKey);
      await stack.call('shipments', 'POST', `/shipments/${id}/events`, { type: 'arrived_at_port', at: new Date(Date.parse(at) + DAY).toISOString() }, erpKey);
      const first = await stack.call<{ lines: unknown[] }>('shipments', 'GET', `/shipments/${id}/duty`, undefined, erpKey);
      if (first.lines.length !== DUTY_LINES) throw new Error(`duty answered ${first.lines.length} lines, not ${DUTY_LINES}`);
      const rest = await timed(() => stack.call('shipments', 'GET', `/shipments/${id}/duty`, undefined, erpKey));

      const lines: DutyLine[] = Array.from({ length: DUTY_LINES }, (_, index) => {
        const line = lineInput(index);
        return { ...line, hsCode: line.hsCode.replace(/\./g, ''), repairValueUsd: null };
      });
      const entryDate = new Date(Date.parse(at) + DAY).toISOString().slice(0, 10);
      const fees = {
        merchandiseProcessingFee: { ratePct: '0.3464', minimumUsd: '32.71', maximumUsd: '634.62' },
        harborMaintenanceFee: { ratePct: '0.125' },
      };
      const assess = await timed(() => assessDuty(lines, schedule, entryDate));
      const landed = await timed(() => computeLandedCost({ lines, entryDate, schedule, fees, freightUsd: '1800.00', allocateBy: 'value' }));
      return [
        row(name, 'GET /shipments/{id}/duty p50', rest.p50, 'ms', undefined, `max ${rest.max.toFixed(0)} ms over ${REPEATS}`),
        row(name, 'assessDuty p50', assess.p50, 'ms', undefined, `max ${assess.max.toFixed(1)} ms`),
        row(name, 'computeLandedCost p50', landed.p50, 'ms', undefined, `max ${landed.max.toFixed(1)} ms`),
      ];
    } finally {
      await stack.stop();
    }
  },
});
