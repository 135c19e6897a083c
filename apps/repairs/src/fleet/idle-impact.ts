import { Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@app/common';
import { machineImpactOf, TicketStatus } from '../tickets/ticket.rules';
import { IdleNotifier } from './idle-notifier';
import { LOCK_TICKETS_WITH_HOLD_FLAG, MOVE_IDLE_COUNT, STORE_TICKET_IMPACT } from './idle-impact.sql';

interface ImpactRow {
  id: string;
  status: TicketStatus;
  site_code: string;
  model: string;
  hashrate_ths: number;
  degraded: boolean;
  remaining_hashrate_fraction: number | null;
  impact_key: string | null;
  impact_lost_ths: number;
  machine_site_code: string;
  machine_model: string;
  machine_hashrate_ths: number;
  on_hold: boolean;
}

/** The idle-count key a ticket adds to: an idle reason, or 'degraded'. */
export const DEGRADED_KEY = 'degraded';

/**
 * Keeps the idle counters (summed over their stripes: idle_totals) equal to the sum of every open
 * ticket's impact: each ticket stores the key and lost hashrate it added and the site and model it
 * added them under, and a change moves the counters by the difference in the same transaction. A
 * machine moved to another site or model (a re-import) takes its ticket's impact along, at its
 * hashrate now. Call it whenever anything a ticket's impact depends on may have changed.
 */
@Injectable()
export class IdleImpact {
  constructor(private readonly notifier: IdleNotifier) {}

  async refresh(unit: UnitOfWork, ticketIds: readonly string[]): Promise<void> {
    if (ticketIds.length === 0) return;
    const rows: ImpactRow[] = await unit.query(LOCK_TICKETS_WITH_HOLD_FLAG, [[...ticketIds]]);
    const deltas = new Map<string, { site: string; model: string; reason: string; machines: number; lost: number }>();
    const move = (site: string, model: string, reason: string, machines: number, lost: number) => {
      const key = JSON.stringify([site, model, reason]);
      const delta = deltas.get(key) ?? { site, model, reason, machines: 0, lost: 0 };
      delta.machines += machines;
      delta.lost += lost;
      deltas.set(key, delta);
    };
    for (const row of rows) {
      const impact = machineImpactOf(
        { status: row.status, degraded: row.degraded, remainingHashrateFraction: row.remaining_hashrate_fraction },
        row.machine_hashrate_ths,
        { waitingOnHeldShipment: row.on_hold },
      );
      const key = impact.kind === 'idle' ? impact.reason : impact.kind === 'degraded' ? DEGRADED_KEY : null;
      const lost = key === null ? 0 : impact.lostHashrateThs;
      const site = row.machine_site_code;
      const model = row.machine_model;
      const machineMoved = site !== row.site_code || model !== row.model || row.machine_hashrate_ths !== row.hashrate_ths;
      if (key === null && row.impact_key === null) continue;
      if (!machineMoved && key === row.impact_key && lost === row.impact_lost_ths) continue;
      if (row.impact_key !== null) move(row.site_code, row.model, row.impact_key, -1, -row.impact_lost_ths);
      if (key !== null) move(site, model, key, 1, lost);
      await unit.query(STORE_TICKET_IMPACT, [row.id, key, lost, site, model, row.machine_hashrate_ths]);
    }
    // In key order, so two transactions never wait on each other's counters in opposite orders.
    for (const key of [...deltas.keys()].sort()) {
      const delta = deltas.get(key)!;
      if (delta.machines === 0 && delta.lost === 0) continue;
      await unit.query(MOVE_IDLE_COUNT, [delta.site, delta.model, delta.reason, delta.machines, delta.lost]);
    }
    if (deltas.size > 0) this.notifier.changedOnCommit(unit);
  }
}
