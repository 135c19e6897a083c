/**
 * Fleet data written straight into the repairs schema by SQL, for benches that need more machines or
 * tickets than REST would load in reasonable time. Every counter the service keeps is written as the
 * service would hold it: machines_by_site_model is the count per (site, model) and fleet_counts the
 * machines, hashrate and power sums and earliest registration per (site, model, maker) that
 * MachinesRepository.upsert maintains, and idle_counts is the sum of every open ticket's stored
 * impact (impact_key, impact_lost_ths), which is what IdleImpact.refresh keeps it equal to.
 */
import type { BenchStack } from './stack';

export const SITES = ['TX-ROCKDALE', 'TX-CORSICANA', 'ND-JAMESTOWN', 'OK-CATOOSA', 'AR-BENTON', 'GA-LAGRANGE', 'NY-MASSENA', 'WY-CHEYENNE'];
/** Three makers, so a projection builds one pool per (component, maker). */
export const MODELS = [
  { model: 'Antminer S21', maker: 'Bitmain', hashrateThs: 200, powerW: 3500 },
  { model: 'Antminer S19 XP', maker: 'Bitmain', hashrateThs: 141, powerW: 3010 },
  { model: 'Whatsminer M50S', maker: 'MicroBT', hashrateThs: 126, powerW: 3276 },
  { model: 'Whatsminer M60', maker: 'MicroBT', hashrateThs: 172, powerW: 3422 },
  { model: 'Avalon A1466', maker: 'Canaan', hashrateThs: 150, powerW: 3230 },
];
export const CENTERS = ['AR-REPAIR', 'ND-REPAIR', 'OK-REPAIR'];
export const FAULT_CODES = ['ERR_CHAIN', 'ERR_TEMP', 'ERR_VOLTAGE', 'ERR_FAN_SPEED', 'ERR_NO_HASH'];
/** Every status a repaired unit passes through, in order. */
const REPAIR_PATH = ['reported', 'received', 'diagnosing', 'awaiting_parts', 'repairing', 'testing', 'ready_to_return', 'returned'];

const MODEL_VALUES = MODELS.map((m, i) => `(${i}, '${m.model}', '${m.maker}', ${m.hashrateThs}, ${m.powerW})`).join(', ');

/**
 * Registers machines `${prefix}${c}-${n}` for c < groups, n < perGroup, spread over SITES and MODELS by
 * a hash of the serial; then recounts machines_by_site_model and fleet_counts from the table (what the upsert keeps).
 */
export async function seedMachines(stack: BenchStack, prefix: string, groups: number, perGroup: number): Promise<void> {
  await stack.sql(
    `WITH models(i, model, maker, hashrate_ths, power_w) AS (VALUES ${MODEL_VALUES}),
          serials AS (SELECT $1 || c || '-' || n AS serial FROM generate_series(0, $2 - 1) c, generate_series(0, $3 - 1) n)
     INSERT INTO repairs.machines (serial, model, maker, site_code, hashrate_ths, power_w, created_at, updated_at)
     SELECT s.serial, m.model, m.maker, ($4::text[])[1 + abs(hashtext(s.serial)) % $5], m.hashrate_ths, m.power_w,
            now() - interval '400 days', now() - interval '400 days'
       FROM serials s JOIN models m ON m.i = abs(hashtext(s.serial || '#')) % ${MODELS.length}`,
    [prefix, groups, perGroup, SITES, SITES.length],
  );
  await stack.sql(
    `INSERT INTO repairs.machines_by_site_model AS c (site_code, model, machines)
     SELECT site_code, model, count(*)::int FROM repairs.machines GROUP BY site_code, model
     ON CONFLICT (site_code, model) DO UPDATE SET machines = EXCLUDED.machines`,
  );
  await stack.sql(
    `INSERT INTO repairs.fleet_counts AS c (site_code, model, maker, machines, hashrate_ths, power_w, first_created_at)
     SELECT site_code, model, coalesce(maker, ''), count(*)::int, sum(hashrate_ths::numeric), sum(power_w), min(created_at)
       FROM repairs.machines GROUP BY site_code, model, coalesce(maker, '')
     ON CONFLICT (site_code, model, maker) DO UPDATE SET machines = EXCLUDED.machines, hashrate_ths = EXCLUDED.hashrate_ths,
       power_w = EXCLUDED.power_w, first_created_at = EXCLUDED.first_created_at`,
  );
  await stack.sql(`ANALYZE repairs.machines`);
}

/**
 * Opens one ticket on every `every`-th machine `${prefix}0-${n}` (n < machines), as POST /tickets and the
 * moves after it would leave them: statuses cycle through reported, received, diagnosing,
 * awaiting_parts, repairing, testing, and one in ten is degraded at 60 % of its hashrate. Stores
 * each ticket's impact as machineImpactOf gives it, its history, the machine's current ticket, and
 * rebuilds idle_counts as the sum of the open tickets' impacts. Answers the count of idle (not degraded) tickets.
 */
export async function seedOpenTickets(
  stack: BenchStack,
  prefix: string,
  machines: number,
  every: number,
  components: readonly string[] = ['hashboard', 'fan', 'psu', 'control_board'],
  createdDaysAgo = 60,
): Promise<number> {
  await stack.sql(
    `WITH picked AS (
       SELECT k, m.serial, m.site_code, m.model, m.hashrate_ths,
              (ARRAY['reported', 'received', 'diagnosing', 'awaiting_parts', 'repairing', 'testing'])[1 + k % 6] AS status,
              k % 10 = 9 AS degraded
         FROM generate_series(0, $2 - 1, $3) k JOIN repairs.machines m ON m.serial = $1 || '0-' || k
     )
     INSERT INTO repairs.tickets (id, machine_serial, site_code, model, hashrate_ths, component, repair_center_code, degraded,
       remaining_hashrate_fraction, status, impact_key, impact_lost_ths, created_at, updated_at, created_by)
     SELECT gen_random_uuid(), serial, site_code, model, hashrate_ths, ($4::text[])[1 + (k / $3) % cardinality($4::text[])],
            ($5::text[])[1 + (k / $3) % 3], degraded, CASE WHEN degraded THEN 0.6 END, status,
            CASE WHEN degraded THEN 'degraded'
                 WHEN status IN ('reported', 'received', 'diagnosing') THEN 'awaiting_diagnosis'
                 WHEN status = 'awaiting_parts' THEN 'awaiting_parts'
                 ELSE 'in_repair' END,
            CASE WHEN degraded THEN hashrate_ths * (1 - 0.6) ELSE hashrate_ths END,
            now() - make_interval(days => $6) * random(), now(), 'bench'
       FROM picked`,
    [prefix, machines, every, components, CENTERS, createdDaysAgo],
  );
  await stack.sql(
    `INSERT INTO repairs.ticket_history (ticket_id, from_status, to_status, at, actor)
     SELECT id, NULL, 'reported', created_at, 'bench' FROM repairs.tickets WHERE created_by = 'bench'`,
  );
  // Their only history is the report, so the status they are in is counted from then.
  await stack.sql(`UPDATE repairs.tickets SET status_since = created_at WHERE created_by = 'bench'`);
  await stack.sql(
    `UPDATE repairs.machines m SET current_ticket_id = t.id FROM repairs.tickets t
      WHERE t.machine_serial = m.serial AND t.status NOT IN ('returned', 'scrapped', 'cancelled')`,
  );
  await stack.sql(`DELETE FROM repairs.idle_counts`);
  await stack.sql(
    `INSERT INTO repairs.idle_counts (site_code, model, reason, machines, lost_hashrate_ths)
     SELECT site_code, model, impact_key, count(*)::int, sum(impact_lost_ths) FROM repairs.tickets
      WHERE impact_key IS NOT NULL GROUP BY site_code, model, impact_key`,
  );
  await stack.sql(`ANALYZE repairs.tickets`);
  const [{ idle }] = await stack.sql<{ idle: number }>(
    `SELECT count(*)::int AS idle FROM repairs.tickets WHERE impact_key IS NOT NULL AND impact_key <> 'degraded'`,
  );
  return idle;
}

/**
 * A year of closed history: `count` tickets on machines `${prefix}0-${n}` (n < machines), created over
 * the last 365 days and returned 5 to 40 days later (those not yet due still returned, a day ago),
 * over the components, FAULT_CODES and CENTERS in turn. Each has the history a repair leaves (every
 * status from reported to returned, evenly spaced), returned_at as the move to returned stores it,
 * and, for nine in ten, the consumed reservation of the part fitted (the tenth: no fault found).
 */
export async function seedReturnedTickets(
  stack: BenchStack,
  prefix: string,
  machines: number,
  count: number,
  components: readonly string[],
): Promise<void> {
  // Each ticket as its moves and consumes would have left it: an equal share of the repair in every
  // status it left, and (nine in ten) one consumed part.
  const leftStatuses = REPAIR_PATH.slice(0, -1);
  await stack.sql(
    `INSERT INTO repairs.tickets (id, machine_serial, site_code, model, hashrate_ths, component, fault_code, repair_center_code,
       degraded, status, created_at, returned_at, status_since, ${leftStatuses.map((status) => `seconds_${status}`).join(', ')},
       parts_consumed, updated_at, created_by)
     SELECT gen_random_uuid(), m.serial, m.site_code, m.model, m.hashrate_ths, ($4::text[])[1 + k % cardinality($4::text[])],
            ($6::text[])[1 + k % cardinality($6::text[])], ($5::text[])[1 + (k / cardinality($4::text[])) % 3], false, 'returned',
            c.at, r.at, r.at, ${leftStatuses.map(() => `date_part('epoch', r.at - c.at) / ${leftStatuses.length}`).join(', ')},
            CASE WHEN k % 10 <> 0 THEN 1 ELSE 0 END, now(), 'bench-history'
       FROM generate_series(0, $3 - 1) k
       JOIN repairs.machines m ON m.serial = $1 || '0-' || ((k::bigint * 7919) % $2)
      CROSS JOIN LATERAL (SELECT now() - make_interval(secs => 365 * 86400 * ((k * 0.6180339887) % 1))) c(at)
      CROSS JOIN LATERAL (SELECT least(c.at + make_interval(days => 5 + k % 36), now() - interval '1 day')) r(at)`,
    [prefix, machines, count, components, CENTERS, FAULT_CODES],
  );
  await stack.sql(
    `INSERT INTO repairs.ticket_history (ticket_id, from_status, to_status, at, actor)
     SELECT t.id, ($1::text[])[step - 1], ($1::text[])[step],
            t.created_at + (t.returned_at - t.created_at) * (step - 1) / (cardinality($1::text[]) - 1), 'bench'
       FROM repairs.tickets t CROSS JOIN generate_series(1, cardinality($1::text[])) step
      WHERE t.created_by = 'bench-history'
      ORDER BY t.id, step`,
    [REPAIR_PATH],
  );
  await stack.sql(
    `INSERT INTO repairs.ticket_reservations (reservation_id, ticket_id, request_id, sku, location_code, quantity, status, created_at, updated_at)
     SELECT gen_random_uuid(), id, gen_random_uuid(), 'BENCH-' || upper(component), repair_center_code, 1, 'consumed', returned_at, returned_at
       FROM repairs.tickets WHERE created_by = 'bench-history' AND parts_consumed > 0`,
  );
  // Current statistics first, or the planner, expecting no such tickets, joins them to their machines' tickets by nested loop.
  await stack.sql(`ANALYZE repairs.tickets`);
  // And what the machines' next intakes would have kept: whether each came back within 30 days of a return, and its latest return.
  await stack.sql(
    `UPDATE repairs.tickets t SET came_back_at = b.next_created_at
       FROM (SELECT o.id, min(n.created_at) AS next_created_at FROM repairs.tickets o
               JOIN repairs.tickets n ON n.machine_serial = o.machine_serial AND n.id <> o.id
                AND n.created_at >= o.returned_at AND n.created_at <= o.returned_at + interval '30 days'
              WHERE o.created_by = 'bench-history' GROUP BY o.id) b
      WHERE b.id = t.id`,
  );
  await stack.sql(
    `UPDATE repairs.machines m SET last_returned_ticket_id = r.id, last_returned_at = r.returned_at
       FROM (SELECT DISTINCT ON (machine_serial) machine_serial, id, returned_at FROM repairs.tickets
              WHERE created_by = 'bench-history' ORDER BY machine_serial, returned_at DESC) r
      WHERE r.machine_serial = m.serial`,
  );
  // A year of history has been vacuumed many times over: hint bits set and statistics current, as autovacuum leaves them.
  for (const table of ['tickets', 'ticket_history', 'ticket_reservations', 'machines']) await stack.sql(`VACUUM ANALYZE repairs.${table}`);
}
