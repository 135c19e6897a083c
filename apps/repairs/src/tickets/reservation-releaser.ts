import { InventoryRequests, RemoteDomainError, ServiceRequests } from '@app/common';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Gives reservations back to inventory after the change that freed them has committed: a cancelled or
 * scrapped ticket's reservations are marked `releasing` in its transaction and released here; what
 * fails (inventory down) stays `releasing` and the periodic sweep retries it.
 *
 * Lost replies: every reserve we send is recorded (part_requests) before it is sent. When no reply
 * came, the sweep asks again with the same requestId (inventory answers a repeated requestId with the
 * reservation it already made, or makes one now) and releases whatever it gets, so a reservation whose
 * reply was lost never stays held.
 */
@Injectable()
export class ReservationReleaser {
  private readonly logger = new Logger('reservation-releaser');

  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: ServiceRequests,
  ) {}

  async releasePending(ticketId?: string): Promise<void> {
    const rows: Array<{ reservation_id: string }> = await this.dataSource.query(
      `SELECT reservation_id FROM repairs.ticket_reservations WHERE status = 'releasing' ${ticketId ? 'AND ticket_id = $1' : ''} LIMIT 500`,
      ticketId ? [ticketId] : [],
    );
    for (const row of rows) {
      try {
        await this.requests.request(InventoryRequests.release, { reservationId: row.reservation_id });
      } catch (error) {
        // Already released, consumed or expired over there: nothing is held any more.
        if (!(error instanceof RemoteDomainError && [404, 409].includes(error.status))) {
          this.logger.warn(`release of ${row.reservation_id} failed, will retry: ${String(error)}`);
          continue;
        }
      }
      await this.dataSource.query(
        `UPDATE repairs.ticket_reservations SET status = 'released', updated_at = now() WHERE reservation_id = $1 AND status = 'releasing'`,
        [row.reservation_id],
      );
    }
  }

  async reconcileUnanswered(olderThanMs: number): Promise<void> {
    const rows: Array<{ request_id: string; ticket_id: string; sku: string; location_code: string; quantity: number }> =
      await this.dataSource.query(
        `SELECT request_id, ticket_id, sku, location_code, quantity FROM repairs.part_requests
          WHERE status IN ('sent', 'unanswered') AND updated_at < now() - make_interval(secs => $1) LIMIT 200`,
        [olderThanMs / 1000],
      );
    for (const row of rows) {
      let reservationId: string | null = null;
      try {
        const reply = await this.requests.request(InventoryRequests.reserve, {
          requestId: row.request_id, sku: row.sku, locationCode: row.location_code, quantity: row.quantity, ticketId: row.ticket_id,
        });
        if (reply.status === 'reserved') reservationId = reply.reservationId;
      } catch (error) {
        if (!(error instanceof RemoteDomainError && error.status < 500)) continue;
      }
      if (reservationId) {
        const recorded: unknown[] = await this.dataSource.query(
          `SELECT 1 FROM repairs.ticket_reservations WHERE reservation_id = $1`, [reservationId],
        );
        if (recorded.length === 0) {
          try {
            await this.requests.request(InventoryRequests.release, { reservationId });
          } catch (error) {
            if (!(error instanceof RemoteDomainError && [404, 409].includes(error.status))) continue;
          }
        }
      }
      await this.dataSource.query(
        `UPDATE repairs.part_requests SET status = 'reconciled', updated_at = now() WHERE request_id = $1`, [row.request_id],
      );
    }
  }
}
