import { EtaBasisDto, ShipmentDto, ShipmentLineDto, TrackingEventDto } from './shipment.dto';
import { EventRow, LineRow, ShipmentRow } from './shipments.repository';

/** Entities never leave the service: rows are mapped to the API's shapes here, once. */
export function toLineDto(line: LineRow): ShipmentLineDto {
  return {
    sku: line.sku,
    quantity: line.quantity,
    declaredValueUsd: line.declaredValueUsd,
    hsCode: line.hsCode,
    countryOfOrigin: line.countryOfOrigin,
    returnAfterRepair: line.repairValueUsd !== null,
    repairValueUsd: line.repairValueUsd,
    serials: line.serials,
  };
}

export function toShipmentDto(row: ShipmentRow, lines: readonly LineRow[]): ShipmentDto {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    originCountry: row.originCountry,
    originLocation: row.originLocation,
    destinationCode: row.destinationCode,
    portOfEntry: row.portOfEntry,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    allocationBasis: row.allocationBasis,
    freightUsd: row.freightUsd,
    lines: lines.map(toLineDto),
    eta: row.eta?.toISOString() ?? null,
    etaBasis: (row.etaBasis as EtaBasisDto | null) ?? null,
    departedAt: row.departedAt?.toISOString() ?? null,
    arrivedAtPortAt: row.arrivedAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toEventDto(event: EventRow): TrackingEventDto {
  return {
    id: event.id,
    type: event.type,
    at: event.at.toISOString(),
    location: event.location,
    note: event.note,
    holdReason: event.holdReason,
    agency: event.agency,
    recordedAt: event.recordedAt.toISOString(),
  };
}

/** The delivered lines with their serials, for inventory to receive the units under them (only this event carries serials). */
export function deliveredLines(lines: readonly LineRow[]) {
  return lines.map((line) => ({ sku: line.sku, quantity: line.quantity, ...(line.serials.length > 0 ? { serials: line.serials } : {}) }));
}

/** What every shipment event says of the shipment (contract's ShipmentFacts). */
export function shipmentFacts(row: ShipmentRow, lines: readonly LineRow[]) {
  return {
    shipmentId: row.id,
    reference: row.reference,
    destinationCode: row.destinationCode,
    lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
  };
}
