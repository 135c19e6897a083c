import { MS_PER_DAY } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COMPONENT_KINDS, type ComponentKind, makerOfModel } from '../projection';
import {
  DEFAULT_TRANSIT_DAYS,
  LIVE_WINDOW_DAYS,
  MAX_RETURNS_PER_CENTER_FOR_TURNAROUND,
  MIN_CLOSED_TICKETS_FOR_LIVE_TURNAROUND,
  MIN_OBSERVED_DAYS_FOR_LIVE_RATE,
  MIN_RELEASED_HOLDS_FOR_LIVE_DWELL,
  MIN_SHIPMENTS_FOR_LIVE_HOLD_PROBABILITY,
  MIN_TICKETS_FOR_LIVE_RATE,
} from './projection-defaults';
import { SETTLED_AFTER_DAYS } from '../tickets/ticket.rules';
import { ticketWindow } from './ticket-window.rules';
import type { LiveComponent, LiveSnapshot } from './uptime-problem';

interface PartRow {
  sku: string;
  category: string;
  compatible_models: string[];
}

interface LineJson {
  sku: string;
  quantity: number;
}

export interface ActiveHoldRow {
  holdId: string;
  shipmentId: string;
  /** The shipment's reference (e.g. the purchase or bill of lading number), when the read model has it. */
  reference: string | null;
  reason: string | null;
  destinationCode: string;
  openedAt: Date;
  lines: LineJson[];
}

export interface WaitingTicketRow {
  ticketId: string;
  locationCode: string;
  sku: string;
  hashrateThs: number;
  hashrateLossFraction: number;
}

interface FleetCounts {
  /** Machines in service (not scrapped) by model. */
  models: Array<{ model: string; maker: string | null; machines: number; hashrateThs: number }>;
  /** Machines in service. */
  machines: number;
  /** Mean power draw of a machine in service, W (fleet counters' power sums); null with no machines. */
  powerWPerMachine: number | null;
  /** The earliest registration of any machine, scrapped ones included. */
  firstCreatedAt: Date | null;
}

const isComponent = (value: string): value is ComponentKind => (COMPONENT_KINDS as readonly string[]).includes(value);

/**
 * SQL reads for projections: the fleet, tickets and waiting lines the tickets context writes (read only),
 * and the projection's own read models of inventory and shipments.
 */
@Injectable()
export class LiveDataRepository {
  /** The (exclusive) day up to which this process has counted settled days: the check is skipped until the next day. */
  private countedTo?: string;

  constructor(private readonly dataSource: DataSource) {}

  async snapshot(now: Date): Promise<LiveSnapshot> {
    const counted = this.fleetCounts();
    const demanded = this.demandByCenter(now);
    const [{ models: fleet, powerWPerMachine }, rates, turnarounds, parts, sparesByLocation, costs, customs, backorders, holds, inTransit, demand] =
      await Promise.all([
        counted,
        this.failureRates(now, counted, demanded),
        this.turnarounds(now),
        this.parts(),
        this.sparesByLocation(),
        this.unitCosts(),
        this.customs(),
        this.openBackorders(),
        this.activeHolds(),
        this.inTransit(),
        demanded,
      ]);
    const components: Partial<Record<ComponentKind, LiveComponent>> = {};
    const at = (component: ComponentKind) => (components[component] ??= {});
    for (const [component, rate] of rates) at(component).annualFailureRate = rate;
    for (const row of turnarounds) if (row.center === null) at(row.component).turnaroundDays = row.days;
    for (const row of sparesByLocation) at(row.component).spares = (components[row.component]?.spares ?? 0) + row.units;
    for (const [component, cost] of costs) at(component).unitCostUsd = cost;

    const partOf = (sku: string) => parts.get(sku);
    const makerOfPart = (part: PartRow) => (part.compatible_models.length > 0 ? makerOfModel(part.compatible_models[0]) : undefined);
    const lineItems = <T>(lines: LineJson[], make: (component: ComponentKind, maker: string | undefined, units: number) => T): T[] =>
      lines.flatMap((line) => {
        const part = partOf(line.sku);
        return part && isComponent(part.category) ? [make(part.category, makerOfPart(part), line.quantity)] : [];
      });

    return {
      fleet: fleet.map((row) => ({ model: row.model, machines: row.machines, hashrateThs: row.hashrateThs, maker: row.maker ?? undefined })),
      storedMakers: fleet.filter((row) => row.maker !== null).map((row) => row.model),
      ...(powerWPerMachine !== null && powerWPerMachine > 0 ? { powerWPerMachine } : {}),
      components,
      sparesByLocation,
      demandByCenter: demand.map((row) => ({ component: row.component, center: row.locationCode, tickets: row.tickets })),
      turnaroundByCenter: turnarounds.flatMap((row) => (row.center === null ? [] : [{ component: row.component, center: row.center, days: row.days }])),
      customs,
      openBackorders: backorders,
      heldShipments: holds.flatMap((hold) => {
        const daysHeld = Math.max(0, Math.floor((now.getTime() - hold.openedAt.getTime()) / MS_PER_DAY));
        return lineItems(hold.lines, (component, maker, units) => ({ component, maker, units, daysHeld, center: hold.destinationCode }));
      }),
      inTransit: inTransit.flatMap((shipment) => {
        const dueInDays = shipment.eta ? Math.max(1, Math.ceil((shipment.eta.getTime() - now.getTime()) / MS_PER_DAY)) : DEFAULT_TRANSIT_DAYS;
        return lineItems(shipment.lines, (component, maker, units) => ({ component, maker, units, dueInDays, center: shipment.destination_code }));
      }),
    };
  }

  /**
   * The fleet by model, from the counters the machine writes keep (fleet_counts), less the scrapped
   * machines (a partial index holds only those): what `count(*), avg(hashrate_ths), max(maker) ...
   * WHERE NOT scrapped GROUP BY model` over the machines table gives, without reading it. Also the
   * machines in service and the earliest registration, for the failure-rate exposure.
   */
  private async fleetCounts(): Promise<FleetCounts> {
    const [models, totals]: [
      Array<{ model: string; maker: string | null; machines: number; hashrate_ths: number }>,
      Array<{ machines: number; first_created_at: Date | null; power_w: number | null }>,
    ] = await Promise.all([
      this.dataSource.query(
        `WITH counted AS (
           SELECT model, maker, sum(machines) AS machines, sum(hashrate_ths) AS hashrate_ths FROM repairs.fleet_counts GROUP BY model, maker
           UNION ALL
           SELECT model, coalesce(maker, ''), -count(*), -sum(hashrate_ths::numeric) FROM repairs.machines WHERE scrapped
            GROUP BY model, coalesce(maker, '')
         ),
         by_maker AS (
           SELECT model, maker, sum(machines) AS machines, sum(hashrate_ths) AS hashrate_ths FROM counted
            GROUP BY model, maker HAVING sum(machines) > 0
         )
         SELECT model, max(nullif(maker, '')) AS maker, sum(machines)::int AS machines, (sum(hashrate_ths) / sum(machines))::float8 AS hashrate_ths
           FROM by_maker GROUP BY model ORDER BY model`,
      ),
      this.dataSource.query(
        `SELECT ((SELECT coalesce(sum(machines), 0) FROM repairs.fleet_counts)
                 - (SELECT count(*) FROM repairs.machines WHERE scrapped))::int AS machines,
                (SELECT min(first_created_at) FROM repairs.fleet_counts) AS first_created_at,
                ((SELECT coalesce(sum(power_w), 0) FROM repairs.fleet_counts)
                 - (SELECT coalesce(sum(power_w), 0) FROM repairs.machines WHERE scrapped))::float8 AS power_w`,
      ),
    ]);
    return {
      models: models.map((row) => ({ model: row.model, maker: row.maker, machines: row.machines, hashrateThs: row.hashrate_ths })),
      machines: totals[0].machines,
      firstCreatedAt: totals[0].first_created_at,
      powerWPerMachine: totals[0].machines > 0 && totals[0].power_w !== null ? totals[0].power_w / totals[0].machines : null,
    };
  }

  /**
   * Failures per machine-year over the trailing window: tickets / (machines × observed years). The observed
   * span starts at the earliest machine or ticket in the window, so a freshly registered fleet with imported
   * ticket history is not read as failing hundreds of times a year; under MIN_OBSERVED_DAYS it is not used.
   */
  private async failureRates(
    now: Date,
    fleet: Promise<FleetCounts>,
    demand: Promise<Array<{ component: ComponentKind; tickets: number }>>,
  ): Promise<Map<ComponentKind, number>> {
    const [byCenter, firstTicket, counts] = await Promise.all([
      demand,
      this.dataSource.query(`SELECT min(created_at) AS at FROM repairs.tickets`) as Promise<Array<{ at: Date | null }>>,
      fleet,
    ]);
    // The window's tickets per component: the per-center counts (one scan of the window serves both).
    const tickets = new Map<ComponentKind, number>();
    for (const row of byCenter) tickets.set(row.component, (tickets.get(row.component) ?? 0) + row.tickets);
    // Machines in service and the earliest registration come from the fleet counters, not a scan.
    const machines = counts.machines;
    const firsts = [counts.firstCreatedAt, firstTicket[0].at].filter((at): at is Date => at !== null).map((at) => at.getTime());
    const observedDays = firsts.length === 0
      ? null
      : (now.getTime() - Math.max(now.getTime() - LIVE_WINDOW_DAYS * MS_PER_DAY, Math.min(...firsts))) / MS_PER_DAY;
    const rates = new Map<ComponentKind, number>();
    if (observedDays === null || observedDays < MIN_OBSERVED_DAYS_FOR_LIVE_RATE || machines === 0) return rates;
    const machineYears = (machines * observedDays) / 365;
    for (const [component, count] of tickets) {
      if (count >= MIN_TICKETS_FOR_LIVE_RATE) rates.set(component, count / machineYears);
    }
    return rates;
  }

  /**
   * Median days from reported to returned, per component at each repair center over its latest
   * returns within the window (MAX_RETURNS_PER_CENTER_FOR_TURNAROUND), and per component over those
   * of every center together (center null), where enough tickets were returned to say.
   */
  private async turnarounds(now: Date): Promise<Array<{ component: ComponentKind; center: string | null; days: number }>> {
    // The planner cannot know each center's scan stops at the limit, so it prices this query high
    // enough to JIT-compile it: ~200 ms of compiling for ~20 ms of reading.
    const rows = await this.dataSource.transaction(async (sql): Promise<Array<{ component: string; center: string | null; closed: number; median_days: number }>> => {
      await sql.query(`SET LOCAL jit = off`);
      return sql.query(
        `SELECT c.component, l.code AS center, count(*)::int AS closed,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY r.days)::float8 AS median_days
           FROM unnest($3::text[]) AS c(component)
          CROSS JOIN repairs.known_locations l
          CROSS JOIN LATERAL (
            SELECT extract(epoch FROM t.returned_at - t.created_at) / 86400 AS days FROM repairs.tickets t
             WHERE t.component = c.component AND t.repair_center_code = l.code AND t.returned_at IS NOT NULL
               AND t.returned_at >= $1::timestamptz - make_interval(days => $2)
             ORDER BY t.returned_at DESC LIMIT $4) r
          GROUP BY GROUPING SETS ((c.component), (c.component, l.code))`,
        [now, LIVE_WINDOW_DAYS, COMPONENT_KINDS, MAX_RETURNS_PER_CENTER_FOR_TURNAROUND],
      );
    });
    return rows
      .filter((row) => isComponent(row.component) && row.closed >= MIN_CLOSED_TICKETS_FOR_LIVE_TURNAROUND)
      .map((row) => ({ component: row.component as ComponentKind, center: row.center, days: row.median_days }));
  }

  private async parts(): Promise<Map<string, PartRow>> {
    const rows: PartRow[] = await this.dataSource.query(`SELECT sku, category, compatible_models FROM repairs.projection_parts`);
    return new Map(rows.map((row) => [row.sku, row]));
  }

  /** Available stock of each component's SKUs at each location. */
  private async sparesByLocation(): Promise<NonNullable<LiveSnapshot['sparesByLocation']>> {
    const rows: Array<{ category: string; location_code: string; available: number }> = await this.dataSource.query(
      `SELECT p.category, s.location_code, sum(greatest(s.available, 0))::int AS available
         FROM repairs.projection_stock s JOIN repairs.projection_parts p ON p.sku = s.sku
        GROUP BY p.category, s.location_code ORDER BY p.category, s.location_code`,
    );
    return rows
      .filter((row) => isComponent(row.category))
      .map((row) => ({ component: row.category as ComponentKind, locationCode: row.location_code, units: row.available }));
  }

  /** Mean catalog unit cost per component, as a decimal string. */
  async unitCosts(): Promise<Map<ComponentKind, string>> {
    const rows: Array<{ category: string; cost: string }> = await this.dataSource.query(
      `SELECT category, round(avg(unit_cost_usd), 2)::text AS cost FROM repairs.projection_parts
        WHERE unit_cost_usd IS NOT NULL AND unit_cost_usd > 0 GROUP BY category`,
    );
    return new Map(rows.filter((row) => isComponent(row.category)).map((row) => [row.category as ComponentKind, row.cost]));
  }

  /** Hold probability = shipments ever held / shipments delivered or held; dwell = mean length of released holds. */
  private async customs(): Promise<{ holdProbability?: number; meanHoldDays?: number }> {
    const [counts, dwell] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE held)::int AS held, count(*) FILTER (WHERE held OR delivered_at IS NOT NULL)::int AS settled
           FROM repairs.projection_shipments`,
      ) as Promise<Array<{ held: number; settled: number }>>,
      this.dataSource.query(
        `SELECT count(*)::int AS released, avg(extract(epoch FROM released_at - opened_at) / 86400)::float8 AS mean_days
           FROM repairs.projection_holds WHERE released_at IS NOT NULL AND opened_at IS NOT NULL AND released_at >= opened_at`,
      ) as Promise<Array<{ released: number; mean_days: number | null }>>,
    ]);
    const customs: { holdProbability?: number; meanHoldDays?: number } = {};
    if (counts[0].settled >= MIN_SHIPMENTS_FOR_LIVE_HOLD_PROBABILITY) customs.holdProbability = counts[0].held / counts[0].settled;
    if (dwell[0].released >= MIN_RELEASED_HOLDS_FOR_LIVE_DWELL && dwell[0].mean_days !== null) customs.meanHoldDays = dwell[0].mean_days;
    return customs;
  }

  /** Machines idle today for lack of a part: open tickets in awaiting_parts, by component, maker and repair center. */
  private async openBackorders(): Promise<LiveSnapshot['openBackorders']> {
    // Held in customs: waiting for a SKU on an active hold to its repair center (as the idle counters read it).
    const rows: Array<{ component: string; model: string; maker: string | null; center: string; machines: number; held: number }> = await this.dataSource.query(
      `SELECT t.component, t.model, m.maker, t.repair_center_code AS center, count(*)::int AS machines,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM repairs.waiting_parts w
                                 JOIN repairs.active_holds h ON h.destination_code = w.location_code AND w.sku = ANY (h.skus)
                                WHERE w.ticket_id = t.id AND w.status = 'waiting'))::int AS held
         FROM repairs.tickets t JOIN repairs.machines m ON m.serial = t.machine_serial
        WHERE t.status = 'awaiting_parts' GROUP BY t.component, t.model, m.maker, t.repair_center_code ORDER BY t.component, t.model, 4`,
    );
    return rows
      .filter((row) => isComponent(row.component))
      .map((row) => ({
        component: row.component as ComponentKind,
        maker: row.maker ?? makerOfModel(row.model),
        center: row.center,
        machines: row.machines,
        heldInCustoms: row.held,
      }));
  }

  /** Holds opened and not released, on shipments not yet delivered. */
  async activeHolds(): Promise<ActiveHoldRow[]> {
    const rows: Array<{ hold_id: string; shipment_id: string; reference: string | null; reason: string | null; destination_code: string; opened_at: Date; lines: LineJson[] }> =
      await this.dataSource.query(
        `SELECT h.hold_id, h.shipment_id, s.reference, h.reason, h.destination_code, h.opened_at, h.lines
           FROM repairs.projection_holds h LEFT JOIN repairs.projection_shipments s ON s.shipment_id = h.shipment_id
          WHERE h.released_at IS NULL AND h.opened_at IS NOT NULL AND s.delivered_at IS NULL
          ORDER BY h.opened_at, h.hold_id`,
      );
    return rows.map((row) => ({
      holdId: row.hold_id,
      shipmentId: row.shipment_id,
      reference: row.reference ?? null,
      reason: row.reason,
      destinationCode: row.destination_code,
      openedAt: row.opened_at,
      lines: row.lines,
    }));
  }

  /** Shipments under way: not delivered and not on an active hold. */
  private async inTransit(): Promise<Array<{ eta: Date | null; destination_code: string; lines: LineJson[] }>> {
    return this.dataSource.query(
      `SELECT s.eta, s.destination_code, s.lines FROM repairs.projection_shipments s
        WHERE s.delivered_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM repairs.projection_holds h WHERE h.shipment_id = s.shipment_id AND h.released_at IS NULL)
        ORDER BY s.shipment_id`,
    );
  }

  /**
   * Tickets per component and repair center over the trailing window, cancelled ones aside: where
   * spares are needed. Settled days come from ticket_days (counted once, every ticket created that
   * day, less those cancelled since, which are few); the window's first part-day and the last days
   * from the tickets themselves. A year of tickets is never read whole.
   */
  async demandByCenter(now: Date): Promise<Array<{ component: ComponentKind; locationCode: string; tickets: number }>> {
    const window = ticketWindow(now, LIVE_WINDOW_DAYS, SETTLED_AFTER_DAYS);
    await this.countSettledDays(window.countedFrom, window.countedTo);
    // The bounds are parameters, not computed in SQL, so the planner reads the recent tickets by index.
    const rows: Array<{ component: string; location_code: string; tickets: number }> = await this.dataSource.query(
      `SELECT component, repair_center_code AS location_code, sum(tickets)::int AS tickets FROM (
         SELECT component, repair_center_code, tickets FROM repairs.ticket_days WHERE day >= $2::date AND day < $3::date
         UNION ALL
         SELECT component, repair_center_code, -count(*) FROM repairs.tickets
          WHERE status = 'cancelled' AND created_at >= $4 AND created_at < $5
          GROUP BY 1, 2
         UNION ALL
         SELECT component, repair_center_code, count(*) FROM repairs.tickets
          WHERE created_at >= $1 AND created_at < $4 AND status <> 'cancelled'
          GROUP BY 1, 2
         UNION ALL
         SELECT component, repair_center_code, count(*) FROM repairs.tickets
          WHERE created_at >= $5 AND status <> 'cancelled'
          GROUP BY 1, 2
       ) window_parts
       GROUP BY 1, 2 HAVING sum(tickets) > 0 ORDER BY 1, 2`,
      [window.since, window.countedFrom, window.countedTo, window.countedFromAt, window.recentFrom],
    );
    return rows
      .filter((row) => isComponent(row.component))
      .map((row) => ({ component: row.component as ComponentKind, locationCode: row.location_code, tickets: row.tickets }));
  }

  /**
   * Counts the days of [from, to) not yet counted into ticket_days: at most one new day a day once
   * the first projection has counted the year. Two replicas counting the same day write the same rows.
   */
  private async countSettledDays(from: string, to: string): Promise<void> {
    if (this.countedTo === to) return;
    await this.dataSource.query(
      `WITH uncounted AS (
         SELECT g::date AS day FROM generate_series($1::date, $2::date - 1, interval '1 day') g
          WHERE NOT EXISTS (SELECT 1 FROM repairs.ticket_days_counted c WHERE c.day = g::date)
       ),
       counted AS (
         INSERT INTO repairs.ticket_days (day, component, repair_center_code, tickets)
         SELECT u.day, t.component, t.repair_center_code, count(*) FROM uncounted u
           JOIN repairs.tickets t ON t.created_at >= u.day::timestamp AT TIME ZONE 'UTC'
                                 AND t.created_at < (u.day + 1)::timestamp AT TIME ZONE 'UTC'
          GROUP BY 1, 2, 3
         ON CONFLICT DO NOTHING
       )
       INSERT INTO repairs.ticket_days_counted (day) SELECT day FROM uncounted ON CONFLICT DO NOTHING`,
      [from, to],
    );
    this.countedTo = to;
  }

  /** Tickets waiting for parts, one row per (ticket, SKU) still missing, with the hashrate each one costs. */
  async waitingTickets(): Promise<WaitingTicketRow[]> {
    const rows: Array<{ ticket_id: string; location_code: string; sku: string; hashrate_ths: number; degraded: boolean; remaining: number | null }> =
      await this.dataSource.query(
        `SELECT DISTINCT w.ticket_id, w.location_code, w.sku, t.hashrate_ths::float8 AS hashrate_ths, t.degraded,
                t.remaining_hashrate_fraction::float8 AS remaining
           FROM repairs.waiting_parts w JOIN repairs.tickets t ON t.id = w.ticket_id
          WHERE w.status = 'waiting' AND t.status = 'awaiting_parts'
          ORDER BY w.ticket_id, w.sku`,
      );
    return rows.map((row) => ({
      ticketId: row.ticket_id,
      locationCode: row.location_code,
      sku: row.sku,
      hashrateThs: row.hashrate_ths,
      hashrateLossFraction: row.degraded ? 1 - (row.remaining ?? 0) : 1,
    }));
  }
}
