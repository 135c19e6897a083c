import type { UnitOfWork } from '@app/common';
import { MachineRow } from './machine.rules';

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** The counts, and the open tickets of machines that changed (their idle impact may have moved with them). */
export interface UpsertResult extends UpsertCounts {
  openTicketsOfUpdated: string[];
}

/**
 * One set-based statement per batch: rows in as arrays (unnest), INSERT ... ON CONFLICT (serial)
 * DO UPDATE only where something changed, `xmax = 0` telling created from updated, and the
 * counters moved by the same statement: machines_by_site_model (machines per site and model, for
 * /fleet/idle) and fleet_counts (machines, hashrate and power sums, earliest registration per site,
 * model and maker, for projections). The `before` CTE sees the rows as they were, so a machine moved
 * to another site, model or maker leaves its old counters and joins the new ones; a changed hashrate
 * or power moves the sums by the difference.
 */
const UPSERT_MACHINES = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::int[])
      AS t(serial, model, maker, site_code, hashrate_ths, power_w)
  ),
  before AS (
    SELECT m.serial, m.site_code, m.model, m.maker, m.hashrate_ths, m.power_w FROM repairs.machines m JOIN input USING (serial)
  ),
  written AS (
    INSERT INTO repairs.machines AS m (serial, model, maker, site_code, hashrate_ths, power_w)
    SELECT serial, model, maker, site_code, hashrate_ths, power_w FROM input
    ON CONFLICT (serial) DO UPDATE SET
      model = EXCLUDED.model, maker = EXCLUDED.maker, site_code = EXCLUDED.site_code,
      hashrate_ths = EXCLUDED.hashrate_ths, power_w = EXCLUDED.power_w, updated_at = now()
    WHERE (m.model, m.maker, m.site_code, m.hashrate_ths, m.power_w)
      IS DISTINCT FROM (EXCLUDED.model, EXCLUDED.maker, EXCLUDED.site_code, EXCLUDED.hashrate_ths, EXCLUDED.power_w)
    RETURNING m.serial, m.site_code, m.model, m.maker, m.hashrate_ths, m.power_w, m.created_at, m.current_ticket_id, (xmax = 0) AS inserted
  ),
  deltas AS (
    SELECT site_code, model, maker, 1 AS delta, hashrate_ths::numeric AS hashrate_ths, power_w::bigint AS power_w, created_at FROM written
    UNION ALL
    SELECT b.site_code, b.model, b.maker, -1, -b.hashrate_ths::numeric, -b.power_w::bigint, NULL::timestamptz
      FROM before b JOIN written w ON w.serial = b.serial AND NOT w.inserted
  ),
  counted AS (
    INSERT INTO repairs.machines_by_site_model AS c (site_code, model, machines)
    SELECT site_code, model, sum(delta)::int FROM deltas GROUP BY site_code, model HAVING sum(delta) <> 0
    ORDER BY site_code, model
    ON CONFLICT (site_code, model) DO UPDATE SET machines = c.machines + EXCLUDED.machines
    RETURNING 1
  ),
  fleet AS (
    INSERT INTO repairs.fleet_counts AS c (site_code, model, maker, machines, hashrate_ths, power_w, first_created_at)
    SELECT site_code, model, coalesce(maker, ''), sum(delta)::int, sum(hashrate_ths), sum(power_w), min(created_at)
      FROM deltas GROUP BY site_code, model, coalesce(maker, '')
    ORDER BY 1, 2, 3
    ON CONFLICT (site_code, model, maker) DO UPDATE SET
      machines = c.machines + EXCLUDED.machines, hashrate_ths = c.hashrate_ths + EXCLUDED.hashrate_ths,
      power_w = c.power_w + EXCLUDED.power_w, first_created_at = least(c.first_created_at, EXCLUDED.first_created_at)
    RETURNING 1
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS created,
         count(*) FILTER (WHERE NOT inserted)::int AS updated,
         coalesce(array_agg(current_ticket_id) FILTER (WHERE NOT inserted AND current_ticket_id IS NOT NULL), '{}') AS open_tickets,
         (SELECT count(*) FROM counted)::int AS touched,
         (SELECT count(*) FROM fleet)::int AS touched_fleet
    FROM written`;

/** One machine, and both counters, in one statement; nothing when the serial exists. */
const INSERT_MACHINE = `
  WITH written AS (
    INSERT INTO repairs.machines (serial, model, maker, site_code, hashrate_ths, power_w)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (serial) DO NOTHING
    RETURNING serial, site_code, model, maker, hashrate_ths, power_w, created_at
  ),
  counted AS (
    INSERT INTO repairs.machines_by_site_model AS c (site_code, model, machines) SELECT site_code, model, 1 FROM written
    ON CONFLICT (site_code, model) DO UPDATE SET machines = c.machines + 1
    RETURNING 1
  ),
  fleet AS (
    INSERT INTO repairs.fleet_counts AS c (site_code, model, maker, machines, hashrate_ths, power_w, first_created_at)
    SELECT site_code, model, coalesce(maker, ''), 1, hashrate_ths::numeric, power_w, created_at FROM written
    ON CONFLICT (site_code, model, maker) DO UPDATE SET
      machines = c.machines + 1, hashrate_ths = c.hashrate_ths + EXCLUDED.hashrate_ths,
      power_w = c.power_w + EXCLUDED.power_w, first_created_at = least(c.first_created_at, EXCLUDED.first_created_at)
    RETURNING 1
  )
  SELECT serial, (SELECT count(*) FROM counted)::int AS touched, (SELECT count(*) FROM fleet)::int AS touched_fleet FROM written`;

/**
 * A PostgreSQL array literal of texts, built here rather than by `pg` (which escapes each element
 * with two regular expressions): elements quoted, `"` and `\\` escaped only where present, null as NULL.
 */
export function textArrayLiteral(values: ReadonlyArray<string | null>): string {
  let plain = true;
  for (let i = 0; i < values.length && plain; i++) {
    const value = values[i];
    plain = value !== null && value.indexOf('"') === -1 && value.indexOf('\\') === -1;
  }
  if (values.length === 0) return '{}';
  if (plain) return `{"${values.join('","')}"}`;
  const quoted = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    quoted[i] = value === null ? 'NULL' : `"${value.replace(/["\\]/g, '\\$&')}"`;
  }
  return `{${quoted.join(',')}}`;
}

/** A PostgreSQL array literal of finite numbers (JavaScript's shortest form reads back as the same float8). */
export function numberArrayLiteral(values: ReadonlyArray<number>): string {
  return `{${values.join(',')}}`;
}

export class MachinesRepository {
  /** Rows must have distinct serials (one statement cannot touch a row twice). */
  static async upsert(unit: UnitOfWork, rows: readonly MachineRow[]): Promise<UpsertResult> {
    if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0, openTicketsOfUpdated: [] };
    const n = rows.length;
    const serials = new Array<string>(n);
    const models = new Array<string>(n);
    const makers = new Array<string | null>(n);
    const sites = new Array<string>(n);
    const hashrates = new Array<number>(n);
    const powers = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      serials[i] = row.serial;
      models[i] = row.model;
      makers[i] = row.maker;
      sites[i] = row.siteCode;
      hashrates[i] = row.hashrateThs;
      powers[i] = row.powerW;
    }
    // One text parameter per column, already in array form: cheap to send, bind and unnest.
    const result: Array<{ created: number; updated: number; open_tickets: string[] }> = await unit.query(UPSERT_MACHINES, [
      textArrayLiteral(serials),
      textArrayLiteral(models),
      textArrayLiteral(makers),
      textArrayLiteral(sites),
      numberArrayLiteral(hashrates),
      numberArrayLiteral(powers),
    ]);
    const { created, updated, open_tickets: openTicketsOfUpdated } = result[0];
    return { created, updated, unchanged: n - created - updated, openTicketsOfUpdated };
  }

  static async insertOne(unit: UnitOfWork, row: MachineRow): Promise<boolean> {
    const inserted: unknown[] = await unit.query(INSERT_MACHINE, [row.serial, row.model, row.maker, row.siteCode, row.hashrateThs, row.powerW]);
    return inserted.length > 0;
  }
}
