import { Conflict, currentActor, HttpOutcome, InvalidInput, KnownLocations, NotFound, ShipmentEvents, Transactions, UnitOfWork } from '@app/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EtaService } from './eta.service';
import { applyTrackingEvent, TrackingEvent } from './shipment-status.rules';
import { deliveredLines, shipmentFacts, toEventDto, toShipmentDto } from './shipment.mapper';
import { TrackingEventInput, TrackingEventResultDto } from './shipment.dto';
import { EventRow, LineRow, ShipmentRow, ShipmentsRepository } from './shipments.repository';

/**
 * Tracking events: the pure status rules judge each one against the latest accepted event; the
 * change, the customs hold it opens or closes, the new ETA and every resulting event commit together.
 */
@Injectable()
export class TrackingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly shipments: ShipmentsRepository,
    private readonly locations: KnownLocations,
    private readonly eta: EtaService,
  ) {}

  async record(shipmentId: string, input: TrackingEventInput): Promise<TrackingEventResultDto | HttpOutcome<TrackingEventResultDto>> {
    try {
      return await this.transactions.run((unit) => this.recordIn(unit, shipmentId, input));
    } finally {
      // ETA summaries read while the delivery was uncommitted lack it.
      if (input.type === 'delivered') this.eta.forgetHistory();
    }
  }

  async recordIn(
    unit: UnitOfWork,
    shipmentId: string,
    input: TrackingEventInput,
  ): Promise<TrackingEventResultDto | HttpOutcome<TrackingEventResultDto>> {
    if (input.type !== 'customs_hold') {
      const misplaced = (['dailyStorageRateUsd', 'freeStorageDays'] as const).filter((field) => input[field] !== undefined);
      if (misplaced.length) throw new InvalidInput(misplaced.map((field) => `${field}: only allowed on customs_hold`));
    }
    // The row lock serialises events of one shipment: two concurrent posts are judged one after the other.
    const shipment = await this.shipments.find(shipmentId, unit, true);
    if (!shipment) throw new NotFound('shipment', shipmentId);
    const last = await this.shipments.lastEvent(unit, shipmentId);
    const event: TrackingEvent = { type: input.type, at: new Date(input.at), holdReason: input.holdReason ?? null };
    const outcome = applyTrackingEvent(
      { status: shipment.status, lastEvent: last ? { type: last.type, at: last.at, holdReason: last.holdReason } : null },
      event,
    );
    if (outcome.outcome === 'invalid') throw new InvalidInput([`${outcome.field}: ${outcome.reason}`]);
    if (outcome.outcome === 'rejected') throw new Conflict(outcome.code, outcome.reason, { status: shipment.status });
    const lines = await this.shipments.linesOf([shipmentId], unit);
    if (outcome.outcome === 'duplicate') {
      return new HttpOutcome(200, { event: toEventDto(last as EventRow), shipment: toShipmentDto(shipment, lines) });
    }

    const stored = await this.shipments.insertEvent(
      unit,
      {
        id: randomUUID(),
        shipmentId,
        seq: (last?.seq ?? 0) + 1,
        type: input.type,
        at: event.at,
        location: input.location ?? null,
        note: input.note ?? null,
        holdReason: input.holdReason ?? null,
        agency: input.agency ?? null,
      },
      currentActor(),
    );
    if (input.type === 'delivered') this.eta.deliveryWritten(unit);
    await this.shipments.updateProgress(unit, shipmentId, {
      status: outcome.status,
      ...(input.type === 'departed' ? { departedAt: event.at } : {}),
      ...(input.type === 'arrived_at_port' ? { arrivedAt: event.at } : {}),
      ...(input.type === 'delivered' ? { deliveredAt: event.at } : {}),
    });
    const updated = (await this.shipments.find(shipmentId, unit)) as ShipmentRow;
    const facts = shipmentFacts(updated, lines);
    await this.applyHold(unit, updated, lines, stored, input);

    const estimate = await this.eta.estimate(unit, updated);
    const etaMoved = estimate.eta.getTime() !== updated.eta?.getTime();
    await this.shipments.updateEta(unit, shipmentId, estimate.eta, estimate.basis);
    await unit.emit(ShipmentEvents.statusChanged, { ...facts, status: updated.status, at: stored.at.toISOString(), eta: estimate.eta.toISOString() });
    if (input.type === 'delivered') {
      await unit.emit(ShipmentEvents.delivered, { ...facts, lines: deliveredLines(lines), deliveredAt: stored.at.toISOString() });
    } else if (etaMoved) {
      await unit.emit(ShipmentEvents.etaChanged, { ...facts, eta: estimate.eta.toISOString() });
    }
    const final = (await this.shipments.find(shipmentId, unit)) as ShipmentRow;
    return { event: toEventDto(stored), shipment: toShipmentDto(final, lines) };
  }

  private async applyHold(unit: UnitOfWork, shipment: ShipmentRow, lines: LineRow[], event: EventRow, input: TrackingEventInput): Promise<void> {
    const facts = shipmentFacts(shipment, lines);
    if (event.type === 'customs_hold' && event.holdReason) {
      const holdId = randomUUID();
      // Goods held in a bonded warehouse enter customs when they leave it (the duty's entry date).
      const location = event.location ? await this.locations.find(event.location, unit) : null;
      await this.shipments.openHold(unit, {
        id: holdId,
        shipmentId: shipment.id,
        reason: event.holdReason,
        agency: event.agency,
        note: event.note,
        location: event.location,
        portOfEntry: shipment.portOfEntry,
        bonded: location?.kind === 'bonded_warehouse',
        dailyStorageRateUsd: input.dailyStorageRateUsd ?? null,
        freeStorageDays: input.freeStorageDays ?? 0,
        openedAt: event.at,
      });
      await unit.emit(ShipmentEvents.holdOpened, {
        ...facts,
        holdId,
        reason: event.holdReason,
        ...(event.agency ? { agency: event.agency } : {}),
        ...(shipment.portOfEntry ? { portOfEntry: shipment.portOfEntry } : {}),
        openedAt: event.at.toISOString(),
      });
    } else if (event.type === 'customs_released') {
      const holdId = await this.shipments.releaseHold(unit, shipment.id, event.at);
      if (holdId) await unit.emit(ShipmentEvents.holdReleased, { ...facts, holdId, releasedAt: event.at.toISOString() });
    }
  }
}
