import {
  rowsOf,
  InventoryRequests, type ReserveStockReply, SERVICE_CONFIG, type ServiceConfig, ServiceRequests, Transactions,
} from '@app/common';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdleImpact } from '../fleet/idle-impact';
import { ReservationReleaser } from './reservation-releaser';
import { TicketsRepository, WaitingLineRow } from './tickets.repository';
import { TicketsService } from './tickets.service';
import { isFinal } from './ticket.rules';

const SWEEP_MS = 5000;
/** Lines of one queue being recorded while the next line's reserve goes out. */
const RECORDING_AHEAD = 8;
/** How many times one pass may shrink the head's request to what inventory says is available. */
const PARTIAL_RETRIES = 3;

/**
 * Serves the waiting queues, one serialized loop per (SKU, repair center), outside any consumer
 * transaction: stock events and a periodic sweep only wake it. For the oldest waiting line it stores a
 * requestId first, asks inventory to reserve, and records the answer; a redelivered event or a retried
 * request reuses that requestId, so inventory never reserves twice for it. When the head cannot be covered
 * in full it gets what is available and nobody behind it gets anything (strict FIFO, see parts-queue.rules).
 */
@Injectable()
export class PartsQueueWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('parts-queue');
  private readonly lastFailure = new Map<string, string>();
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly requests: ServiceRequests,
    private readonly tickets: TicketsService,
    private readonly impact: IdleImpact,
    private readonly releaser: ReservationReleaser,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.running.values()].map((run) => run.done.catch(() => undefined)));
  }

  /** Runs the queue's loop now, or once more after the current pass. Returns when the queue is idle. */
  wake(sku: string, locationCode: string): Promise<void> {
    const key = JSON.stringify([sku, locationCode]);
    const current = this.running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const run = { again: true, done: Promise.resolve() };
    run.done = (async () => {
      try {
        while (run.again && !this.stopped) {
          run.again = false;
          await this.serve(sku, locationCode);
        }
      } catch (error) {
        this.logger.warn(`queue ${sku} at ${locationCode}: ${String(error)}`);
      } finally {
        this.running.delete(key);
      }
    })();
    this.running.set(key, run);
    return run.done;
  }

  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      const queues: Array<{ sku: string; location_code: string }> = await this.dataSource.query(
        `SELECT DISTINCT sku, location_code FROM repairs.waiting_parts WHERE status = 'waiting'`,
      );
      await Promise.all(queues.map((queue) => this.wake(queue.sku, queue.location_code)));
      await this.releaser.releasePending();
      await this.releaser.reconcileUnanswered(this.config.requestTimeoutMs * 2);
    } catch (error) {
      if (!this.stopped) this.logger.warn(`sweep failed: ${String(error)}`);
    }
  }

  /** The oldest waiting line, leaving out those whose reservation is being recorded. */
  private async head(sku: string, locationCode: string, recording: Iterable<string>): Promise<WaitingLineRow | undefined> {
    const rows: WaitingLineRow[] = await this.dataSource.query(
      `SELECT * FROM repairs.waiting_parts WHERE sku = $1 AND location_code = $2 AND status = 'waiting' AND NOT (id = ANY ($3::uuid[]))
        ORDER BY waiting_since, sequence LIMIT 1`,
      [sku, locationCode, [...recording]],
    );
    return rows[0];
  }

  /**
   * Reserves for the queue's lines in order, one request at a time, so strict FIFO holds; each
   * reservation is recorded (its own transaction, the ticket moved on) beside the next line's request
   * rather than before it. Returns once every recording has finished.
   */
  private async serve(sku: string, locationCode: string): Promise<void> {
    const recording = new Map<string, Promise<void>>();
    try {
      await this.reserveInOrder(sku, locationCode, recording);
    } finally {
      await Promise.all(recording.values());
    }
  }

  private async reserveInOrder(sku: string, locationCode: string, recording: Map<string, Promise<void>>): Promise<void> {
    let partialTries = 0;
    for (let step = 0; step < 10_000 && !this.stopped; step++) {
      const line = await this.head(sku, locationCode, recording.keys());
      if (!line) return;
      let requestId = line.pending_request_id;
      let quantity = line.pending_quantity ?? line.missing;
      if (!requestId) {
        requestId = randomUUID();
        quantity = line.missing;
        const claimed = rowsOf(
          await this.dataSource.query(
            `UPDATE repairs.waiting_parts SET pending_request_id = $2, pending_quantity = $3, updated_at = now()
              WHERE id = $1 AND status = 'waiting' AND pending_request_id IS NULL RETURNING id`,
            [line.id, requestId, quantity],
          ),
        );
        if (claimed.length === 0) continue;
      }
      let reply: ReserveStockReply;
      try {
        reply = await this.requests.request(InventoryRequests.reserve, { requestId, sku, locationCode, quantity, ticketId: line.ticket_id });
      } catch (error) {
        // Inventory down or refusing: leave the line as it is; the sweep comes back with the same requestId.
        // The same failure is logged once, not on every sweep.
        const failure = `reserve for ticket ${line.ticket_id} (${sku} at ${locationCode}) failed: ${String(error)}`;
        if (this.lastFailure.get(line.id) !== failure) this.logger.warn(failure);
        if (this.lastFailure.size > 10_000) this.lastFailure.clear();
        this.lastFailure.set(line.id, failure);
        return;
      }
      this.lastFailure.delete(line.id);
      if (reply.status === 'reserved') {
        // A recording that fails leaves the line waiting with its requestId: the sweep asks again and gets this reservation back.
        const recorded = this.record(line.id, requestId, reply.reservationId)
          .catch((error) => this.logger.warn(`recording reservation ${reply.reservationId} for ticket ${line.ticket_id} failed: ${String(error)}`))
          .finally(() => recording.delete(line.id));
        recording.set(line.id, recorded);
        if (recording.size >= RECORDING_AHEAD) await Promise.race(recording.values());
        continue;
      }
      // Short: nothing was reserved for this requestId, so it is dropped (a new one is used next time).
      const partial = reply.available > 0 && reply.available < quantity && partialTries++ < PARTIAL_RETRIES;
      await this.dataSource.query(
        `UPDATE repairs.waiting_parts SET pending_request_id = $3, pending_quantity = $4, updated_at = now()
          WHERE id = $1 AND pending_request_id = $2`,
        [line.id, requestId, partial ? randomUUID() : null, partial ? reply.available : null],
      );
      if (!partial) return;
    }
  }

  /** Records a reservation for a waiting line, at most once per requestId, and moves the ticket on when nothing is missing. */
  private async record(lineId: string, requestId: string, reservationId: string): Promise<void> {
    let followUp: { ticketId: string; releases: boolean; moved: boolean } | null = null;
    await this.transactions.run(async (unit) => {
      const lines: WaitingLineRow[] = await unit.query(`SELECT * FROM repairs.waiting_parts WHERE id = $1 FOR UPDATE`, [lineId]);
      const line = lines[0];
      if (!line || line.pending_request_id !== requestId) return;
      const ticket = (await TicketsRepository.find(unit, line.ticket_id, true))!;
      const quantity = line.pending_quantity!;
      const wanted = line.status === 'waiting' && !isFinal(ticket.status);
      await unit.query(
        `INSERT INTO repairs.ticket_reservations (reservation_id, ticket_id, request_id, sku, location_code, quantity, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [reservationId, ticket.id, requestId, line.sku, line.location_code, quantity, wanted ? 'reserved' : 'releasing'],
      );
      await unit.query(
        `UPDATE repairs.part_requests SET status = 'reconciled', updated_at = now() WHERE request_id = $1`, [requestId],
      );
      if (!wanted) {
        await unit.query(`UPDATE repairs.waiting_parts SET pending_request_id = NULL, pending_quantity = NULL WHERE id = $1`, [lineId]);
        followUp = { ticketId: ticket.id, releases: true, moved: false };
        return;
      }
      const missing = Math.max(0, line.missing - quantity);
      await unit.query(
        `UPDATE repairs.waiting_parts SET missing = $2, status = $3, pending_request_id = NULL, pending_quantity = NULL, updated_at = now()
          WHERE id = $1`,
        [lineId, missing, missing === 0 ? 'served' : 'waiting'],
      );
      const stillWaiting = await TicketsRepository.missing(unit, ticket.id);
      if (stillWaiting.length === 0 && ticket.status === 'awaiting_parts') {
        const effects = await this.tickets.moveInUnit(unit, ticket, 'repairing', 'parts arrived', 'system');
        followUp = { ticketId: ticket.id, releases: effects.releases, moved: true };
      } else {
        await this.impact.refresh(unit, [ticket.id]);
      }
    });
    const done = followUp as { ticketId: string; releases: boolean; moved: boolean } | null;
    if (done) await this.tickets.afterMove(done.ticketId, { releases: done.releases });
  }
}
