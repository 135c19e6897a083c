import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IDLE_REASONS } from '../tickets/ticket.rules';
import { DEGRADED_KEY } from './idle-impact';
import { ActiveHoldDto, FleetIdleDto } from './fleet.dto';

const round = (value: number) => Math.round(value * 1000) / 1000;

interface Totals {
  idle: number;
  degraded: number;
  lost: number;
  machines: number;
}

@Injectable()
export class FleetService {
  constructor(private readonly dataSource: DataSource) {}

  /** Reads the maintained counters only: cost grows with sites x models, never with the fleet or the tickets. */
  async idle(): Promise<FleetIdleDto> {
    const [counts, registered]: [
      Array<{ site_code: string; model: string; reason: string; machines: number; lost_hashrate_ths: number }>,
      Array<{ site_code: string; model: string; machines: number }>,
    ] = await Promise.all([
      this.dataSource.query(`SELECT site_code, model, reason, machines, lost_hashrate_ths FROM repairs.idle_counts WHERE machines <> 0`),
      this.dataSource.query(`SELECT site_code, model, machines FROM repairs.machines_by_site_model WHERE machines <> 0`),
    ]);
    const bySite = new Map<string, Totals>();
    const byModel = new Map<string, Totals>();
    const byReason = new Map<string, { idle: number; lost: number }>(IDLE_REASONS.map((reason) => [reason, { idle: 0, lost: 0 }]));
    const totals = (map: Map<string, Totals>, key: string) => {
      let entry = map.get(key);
      if (!entry) map.set(key, (entry = { idle: 0, degraded: 0, lost: 0, machines: 0 }));
      return entry;
    };
    let total = 0;
    let lost = 0;
    const degraded = { count: 0, lost: 0 };
    for (const row of registered) {
      totals(bySite, row.site_code).machines += row.machines;
      totals(byModel, row.model).machines += row.machines;
    }
    for (const row of counts) {
      const site = totals(bySite, row.site_code);
      const model = totals(byModel, row.model);
      site.lost += row.lost_hashrate_ths;
      model.lost += row.lost_hashrate_ths;
      lost += row.lost_hashrate_ths;
      if (row.reason === DEGRADED_KEY) {
        site.degraded += row.machines;
        model.degraded += row.machines;
        degraded.count += row.machines;
        degraded.lost += row.lost_hashrate_ths;
        continue;
      }
      site.idle += row.machines;
      model.idle += row.machines;
      total += row.machines;
      const reason = byReason.get(row.reason) ?? { idle: 0, lost: 0 };
      reason.idle += row.machines;
      reason.lost += row.lost_hashrate_ths;
      byReason.set(row.reason, reason);
    }
    const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      total,
      lostHashrateThs: round(lost),
      degraded: { count: degraded.count, lostHashrateThs: round(degraded.lost) },
      machines: registered.reduce((sum, row) => sum + row.machines, 0),
      bySite: sorted(bySite).map(([siteCode, t]) => ({ siteCode, idle: t.idle, machines: t.machines, degraded: t.degraded, lostHashrateThs: round(t.lost) })),
      byModel: sorted(byModel).map(([model, t]) => ({ model, idle: t.idle, machines: t.machines, degraded: t.degraded, lostHashrateThs: round(t.lost) })),
      byReason: [...byReason.entries()].map(([reason, r]) => ({ reason, idle: r.idle, lostHashrateThs: round(r.lost) })),
      asOf: new Date().toISOString(),
    };
  }

  async activeHolds(): Promise<ActiveHoldDto[]> {
    const rows: Array<{
      hold_id: string; shipment_id: string; reference: string; destination_code: string; reason: string;
      opened_at: Date; lines: Array<{ sku: string; quantity: number }>; tickets_waiting: number;
    }> = await this.dataSource.query(
      `SELECT h.*, (SELECT count(DISTINCT w.ticket_id)::int FROM repairs.waiting_parts w
                     WHERE w.status = 'waiting' AND w.location_code = h.destination_code AND w.sku = ANY (h.skus)) AS tickets_waiting
         FROM repairs.active_holds h ORDER BY h.opened_at, h.hold_id`,
    );
    const now = Date.now();
    return rows.map((row) => ({
      holdId: row.hold_id,
      shipmentId: row.shipment_id,
      reference: row.reference,
      destinationCode: row.destination_code,
      reason: row.reason,
      openedAt: row.opened_at.toISOString(),
      daysHeld: Math.max(0, Math.floor((now - row.opened_at.getTime()) / 86_400_000)),
      lines: row.lines,
      ticketsWaiting: row.tickets_waiting,
    }));
  }
}
