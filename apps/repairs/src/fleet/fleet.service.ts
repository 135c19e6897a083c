import { MS_PER_DAY } from '@app/common/domain';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { IDLE_REASONS } from '../tickets/ticket.rules';
import { DEGRADED_KEY } from './idle-impact';
import { IdleNotifier } from './idle-notifier';
import { ActiveHoldDto, FleetIdleDto } from './fleet.dto';

/** An answer younger than this is served as it is. */
export const IDLE_FRESH_MS = 250;
/** Between FRESH and this, the answer is served while a new one is read; older, callers wait for a new one. */
export const IDLE_MAX_STALE_MS = 1000;

/** One computed /fleet/idle answer, serialised once for every caller and every stream client. */
export interface IdleSnapshot {
  /** The JSON body, as sent. */
  body: Buffer;
  /** The JSON without `asOf`: equal keys, equal counts. */
  key: string;
}

interface Computation {
  generation: number;
  startedAt: number;
  promise: Promise<IdleSnapshot>;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

interface Totals {
  idle: number;
  degraded: number;
  lost: number;
  machines: number;
}

@Injectable()
export class FleetService implements OnModuleDestroy {
  /** Bumped by every local change signal: an answer computed under an older generation is never served again. */
  private generation = 0;
  private latest?: { generation: number; startedAt: number; snapshot: IdleSnapshot };
  private inFlight?: Computation;
  private readonly subscription: Subscription;

  constructor(
    private readonly dataSource: DataSource,
    notifier: IdleNotifier,
  ) {
    this.subscription = notifier.changes$.subscribe(() => this.invalidate());
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  /** Drops the cached answer: the next caller reads the counters again. */
  invalidate(): void {
    this.generation += 1;
  }

  /**
   * The idle answer, from memory when possible. Consistency: every write of this process (tickets,
   * machines, holds, parts) signals on commit, before the request that made it returns, and the signal
   * drops the cached answer, so this process reads its own writes. Writes of other replicas are not
   * signalled here: they show once the answer is older than IDLE_FRESH_MS (250 ms) and are
   * always shown within IDLE_MAX_STALE_MS (1 s) plus one read of the counters.
   */
  current(): Promise<IdleSnapshot> {
    const generation = this.generation;
    const latest = this.latest;
    if (latest && latest.generation === generation) {
      const age = Date.now() - latest.startedAt;
      if (age < IDLE_FRESH_MS) return Promise.resolve(latest.snapshot);
      if (age < IDLE_MAX_STALE_MS) {
        // Served as is while one read refreshes it (its failure is the next caller's to see).
        this.computation(generation).promise.catch(() => undefined);
        return Promise.resolve(latest.snapshot);
      }
    }
    return this.computation(generation).promise;
  }

  /** The read under way for this generation, or a new one: concurrent callers share one read. */
  private computation(generation: number): Computation {
    const running = this.inFlight;
    if (running && running.generation === generation) return running;
    const startedAt = Date.now();
    const computation: Computation = {
      generation,
      startedAt,
      promise: this.compute().then((dto) => {
        const { asOf, ...counts } = dto;
        const key = JSON.stringify(counts);
        const snapshot: IdleSnapshot = { key, body: Buffer.from(`${key.slice(0, -1)},"asOf":${JSON.stringify(asOf)}}`) };
        // Kept only if nothing changed meanwhile and nothing newer was kept.
        if (generation === this.generation && (!this.latest || this.latest.startedAt <= startedAt)) {
          this.latest = { generation, startedAt, snapshot };
        }
        return snapshot;
      }),
    };
    this.inFlight = computation;
    const clear = () => {
      if (this.inFlight === computation) this.inFlight = undefined;
    };
    computation.promise.then(clear, clear);
    return computation;
  }

  /** Reads the maintained counters only: cost grows with sites x models, never with the fleet or the tickets. */
  private async compute(): Promise<FleetIdleDto> {
    const [counts, registered]: [
      Array<{ site_code: string; model: string; reason: string; machines: number; lost_hashrate_ths: number }>,
      Array<{ site_code: string; model: string; machines: number }>,
    ] = await Promise.all([
      this.dataSource.query(`SELECT site_code, model, reason, machines, lost_hashrate_ths FROM repairs.idle_totals WHERE machines <> 0`),
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
      daysHeld: Math.max(0, Math.floor((now - row.opened_at.getTime()) / MS_PER_DAY)),
      lines: row.lines,
      ticketsWaiting: row.tickets_waiting,
    }));
  }
}
