import {
  CustomsHoldOpened, CustomsHoldReleased, EventConsumers, type EventEnvelope, InventoryEvents, on, PartCreated, ShipmentCreated,
  ShipmentDelivered, ShipmentEtaChanged, ShipmentEvents, ShipmentFacts, ShipmentStatusChanged, StockMovement, STREAMS, UnitOfWork,
} from '@app/common';
import { Injectable, OnModuleInit } from '@nestjs/common';

/**
 * The projection's own read models, fed by two durable consumers of its own: the parts catalog and
 * available stock (spares per component, unit costs) from inventory, and shipments and their customs
 * holds (hold probability, dwell, stuck parts) from shipments. Every handler is an upsert, so events of
 * one shipment or SKU may arrive in any order.
 */
@Injectable()
export class ProjectionReadModels implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    const stock = (data: StockMovement, unit: UnitOfWork, envelope: EventEnvelope<StockMovement>) => this.stockChanged(data, unit, envelope);
    this.consumers.register({
      durable: 'repairs-projection-on-inventory',
      stream: STREAMS.inventory,
      filterSubject: 'inventory.>',
      handlers: [
        on(InventoryEvents.partCreated, (data, unit) => this.partCreated(data, unit)),
        on(InventoryEvents.stockReceived, stock),
        on(InventoryEvents.stockAdjusted, stock),
        on(InventoryEvents.transferDispatched, stock),
        on(InventoryEvents.stockReserved, stock),
        on(InventoryEvents.stockReleased, stock),
        on(InventoryEvents.stockConsumed, stock),
      ],
    });
    this.consumers.register({
      durable: 'repairs-projection-on-shipments',
      stream: STREAMS.shipments,
      filterSubject: 'shipments.>',
      handlers: [
        on(ShipmentEvents.created, (data, unit) => this.shipmentCreated(data, unit)),
        on(ShipmentEvents.statusChanged, (data, unit) => this.statusChanged(data, unit)),
        on(ShipmentEvents.etaChanged, (data, unit) => this.etaChanged(data, unit)),
        on(ShipmentEvents.holdOpened, (data, unit) => this.holdOpened(data, unit)),
        on(ShipmentEvents.holdReleased, (data, unit) => this.holdReleased(data, unit)),
        on(ShipmentEvents.delivered, (data, unit) => this.delivered(data, unit)),
      ],
    });
  }

  private async partCreated(part: PartCreated, unit: UnitOfWork): Promise<void> {
    await unit.query(
      `INSERT INTO repairs.projection_parts (sku, category, compatible_models, unit_cost_usd) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sku) DO UPDATE SET category = EXCLUDED.category, compatible_models = EXCLUDED.compatible_models,
         unit_cost_usd = EXCLUDED.unit_cost_usd`,
      [part.sku, part.category, part.compatibleModels, part.unitCostUsd ?? null],
    );
  }

  /** Each stock event carries the balance after it; an older event never overwrites a newer balance. */
  private async stockChanged(movement: StockMovement, unit: UnitOfWork, envelope: EventEnvelope<StockMovement>): Promise<void> {
    await unit.query(
      `INSERT INTO repairs.projection_stock AS s (sku, location_code, available, on_hand, as_of) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sku, location_code) DO UPDATE SET available = EXCLUDED.available, on_hand = EXCLUDED.on_hand, as_of = EXCLUDED.as_of
       WHERE s.as_of <= EXCLUDED.as_of`,
      [movement.sku, movement.locationCode, movement.balance.available, movement.balance.onHand, envelope.occurredAt],
    );
  }

  private async upsertShipment(unit: UnitOfWork, facts: ShipmentFacts, extra: { originCountry?: string; eta?: string }): Promise<void> {
    await unit.query(
      `INSERT INTO repairs.projection_shipments AS s (shipment_id, reference, destination_code, origin_country, lines, eta)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (shipment_id) DO UPDATE SET
         origin_country = coalesce(EXCLUDED.origin_country, s.origin_country), eta = coalesce(EXCLUDED.eta, s.eta)`,
      [facts.shipmentId, facts.reference, facts.destinationCode, extra.originCountry ?? null, JSON.stringify(facts.lines), extra.eta ?? null],
    );
  }

  private shipmentCreated(shipment: ShipmentCreated, unit: UnitOfWork): Promise<void> {
    return this.upsertShipment(unit, shipment, { originCountry: shipment.originCountry, eta: shipment.eta });
  }

  private statusChanged(change: ShipmentStatusChanged, unit: UnitOfWork): Promise<void> {
    return this.upsertShipment(unit, change, { eta: change.eta });
  }

  private etaChanged(change: ShipmentEtaChanged, unit: UnitOfWork): Promise<void> {
    return this.upsertShipment(unit, change, { eta: change.eta });
  }

  private async holdOpened(hold: CustomsHoldOpened, unit: UnitOfWork): Promise<void> {
    await this.upsertShipment(unit, hold, {});
    await unit.query(`UPDATE repairs.projection_shipments SET held = true WHERE shipment_id = $1`, [hold.shipmentId]);
    await unit.query(
      `INSERT INTO repairs.projection_holds (hold_id, shipment_id, destination_code, reason, lines, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (hold_id) DO UPDATE SET reason = EXCLUDED.reason, opened_at = EXCLUDED.opened_at`,
      [hold.holdId, hold.shipmentId, hold.destinationCode, hold.reason, JSON.stringify(hold.lines), hold.openedAt],
    );
  }

  /** A release may overtake its opening; the opening then only fills in its fields. */
  private async holdReleased(hold: CustomsHoldReleased, unit: UnitOfWork): Promise<void> {
    await this.upsertShipment(unit, hold, {});
    await unit.query(`UPDATE repairs.projection_shipments SET held = true WHERE shipment_id = $1`, [hold.shipmentId]);
    await unit.query(
      `INSERT INTO repairs.projection_holds (hold_id, shipment_id, destination_code, lines, released_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (hold_id) DO UPDATE SET released_at = EXCLUDED.released_at`,
      [hold.holdId, hold.shipmentId, hold.destinationCode, JSON.stringify(hold.lines), hold.releasedAt],
    );
  }

  private async delivered(shipment: ShipmentDelivered, unit: UnitOfWork): Promise<void> {
    await this.upsertShipment(unit, shipment, {});
    await unit.query(`UPDATE repairs.projection_shipments SET delivered_at = $2 WHERE shipment_id = $1`, [shipment.shipmentId, shipment.deliveredAt]);
  }
}
