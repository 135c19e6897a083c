import {
  EventConsumers, type EventEnvelope, on, PartsHarvested, RepairEvents, ShipmentDelivered, ShipmentEvents, type SkuQuantity, STREAMS,
  type UnitOfWork,
} from '@app/common';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PartsService } from '../parts/parts.service';
import { type ReceiptSource, StockService } from './stock.service';

/**
 * Receipts caused by other services' events: a delivered shipment, parts harvested from a scrapped
 * machine. Each happens once per shipment or ticket: the inbox drops redeliveries of one event, and
 * `applied_receipts` also drops a replay with another event id or after the inbox was pruned.
 */
@Injectable()
export class StockMessages implements OnModuleInit {
  private readonly logger = new Logger('stock-messages');

  constructor(
    private readonly consumers: EventConsumers,
    private readonly stock: StockService,
    private readonly parts: PartsService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: 'inventory-on-shipments',
      stream: STREAMS.shipments,
      filterSubject: 'shipments.>',
      handlers: [on(ShipmentEvents.delivered, (data, unit, envelope) => this.onDelivered(data, unit, envelope))],
    });
    this.consumers.register({
      durable: 'inventory-on-repairs',
      stream: STREAMS.repairs,
      filterSubject: 'repairs.>',
      handlers: [on(RepairEvents.partsHarvested, (data, unit) => this.onHarvested(data, unit))],
    });
  }

  private async onDelivered(data: ShipmentDelivered, unit: UnitOfWork, envelope: EventEnvelope<ShipmentDelivered>): Promise<void> {
    if (!(await this.firstTime(unit, 'shipment', data.shipmentId))) {
      this.logger.log(`shipment ${data.shipmentId} was received already; event ${envelope.id} changes nothing`);
      return;
    }
    await this.receiveLines(unit, data.lines, data.destinationCode, 'shipment', data.reference || data.shipmentId);
  }

  private async onHarvested(data: PartsHarvested, unit: UnitOfWork): Promise<void> {
    if (!(await this.firstTime(unit, 'harvest', data.ticketId))) return;
    await this.receiveLines(unit, data.lines, data.locationCode, 'harvest', data.ticketId);
  }

  private async firstTime(unit: UnitOfWork, source: string, sourceId: string): Promise<boolean> {
    const inserted: unknown[] = await unit.query(
      `INSERT INTO applied_receipts (source, source_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING source_id`,
      [source, sourceId],
    );
    return inserted.length > 0;
  }

  private async receiveLines(unit: UnitOfWork, lines: SkuQuantity[], locationCode: string, source: ReceiptSource, reference: string): Promise<void> {
    for (const line of lines) {
      // The goods are physically here: parking the event would leave real stock uncounted until someone
      // replays it by hand. A minimal catalog entry (category other, named by its SKU, serialized when
      // the sender named serials) keeps the count right, announces itself with partCreated, and can be
      // completed by the ERP later.
      const serialized = (line.serials?.length ?? 0) > 0;
      await this.parts.insert(unit, { sku: line.sku, name: line.sku, category: 'other', compatibleModels: [], serialized });
      await this.stock.receive(unit, { sku: line.sku, locationCode, quantity: line.quantity, serials: line.serials, reference, source });
    }
  }
}
