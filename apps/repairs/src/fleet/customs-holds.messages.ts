import {
  CustomsHoldOpened, CustomsHoldReleased, EventConsumers, on, ShipmentDelivered, ShipmentEvents, STREAMS, UnitOfWork,
} from '@app/common';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { IdleImpact } from './idle-impact';

/**
 * The read model of active customs holds, from the shipments service. A ticket awaiting a SKU that is on
 * an active hold bound for its repair center counts as customs_hold instead of awaiting_parts.
 */
@Injectable()
export class CustomsHoldsFeed implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly impact: IdleImpact,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: 'repairs-on-shipments',
      stream: STREAMS.shipments,
      filterSubject: 'shipments.>',
      handlers: [
        on(ShipmentEvents.holdOpened, (data, unit) => this.opened(data, unit)),
        on(ShipmentEvents.holdReleased, (data, unit) => this.released(data, unit)),
        on(ShipmentEvents.delivered, (data, unit) => this.delivered(data, unit)),
      ],
    });
  }

  private async opened(hold: CustomsHoldOpened, unit: UnitOfWork): Promise<void> {
    // Events of one shipment can arrive out of order after retries: a hold already closed stays closed.
    const inserted: unknown[] = await unit.query(
      `INSERT INTO repairs.active_holds (hold_id, shipment_id, reference, destination_code, reason, skus, lines, opened_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
        WHERE NOT EXISTS (SELECT 1 FROM repairs.closed_holds WHERE hold_id = $1)
          AND NOT EXISTS (SELECT 1 FROM repairs.delivered_shipments WHERE shipment_id = $2)
       ON CONFLICT (hold_id) DO NOTHING RETURNING hold_id`,
      [hold.holdId, hold.shipmentId, hold.reference, hold.destinationCode, hold.reason,
        hold.lines.map((line) => line.sku), JSON.stringify(hold.lines), hold.openedAt],
    );
    if (inserted.length) await this.refreshWaiting(unit, hold.destinationCode, hold.lines.map((line) => line.sku));
  }

  private async released(hold: CustomsHoldReleased, unit: UnitOfWork): Promise<void> {
    await unit.query(`INSERT INTO repairs.closed_holds (hold_id) VALUES ($1) ON CONFLICT DO NOTHING`, [hold.holdId]);
    await unit.query(`DELETE FROM repairs.active_holds WHERE hold_id = $1`, [hold.holdId]);
    await this.refreshWaiting(unit, hold.destinationCode, hold.lines.map((line) => line.sku));
  }

  private async delivered(shipment: ShipmentDelivered, unit: UnitOfWork): Promise<void> {
    await unit.query(`INSERT INTO repairs.delivered_shipments (shipment_id) VALUES ($1) ON CONFLICT DO NOTHING`, [shipment.shipmentId]);
    await unit.query(`DELETE FROM repairs.active_holds WHERE shipment_id = $1`, [shipment.shipmentId]);
    await this.refreshWaiting(unit, shipment.destinationCode, shipment.lines.map((line) => line.sku));
  }

  private async refreshWaiting(unit: UnitOfWork, locationCode: string, skus: string[]): Promise<void> {
    const tickets: Array<{ ticket_id: string }> = await unit.query(
      `SELECT DISTINCT w.ticket_id FROM repairs.waiting_parts w JOIN repairs.tickets t ON t.id = w.ticket_id
        WHERE w.status = 'waiting' AND w.location_code = $1 AND w.sku = ANY ($2) AND t.status = 'awaiting_parts'`,
      [locationCode, skus],
    );
    await this.impact.refresh(unit, tickets.map((row) => row.ticket_id));
  }
}
