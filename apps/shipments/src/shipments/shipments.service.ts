import {
  Conflict, currentActor, decodeCursor, InvalidInput, KnownLocations, NotFound, Page, pageLimit, ShipmentEvents, toPage, Transactions, UnitOfWork,
} from '@app/common';
import { normalizeHtsCode } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { daysHeld } from '../customs/hold.rules';
import { DutyService, shipmentLineProblems } from '../duty/duty.service';
import { EtaService } from './eta.service';
import { shipmentFacts, toEventDto, toShipmentDto } from './shipment.mapper';
import { CreateShipmentDto, ShipmentDetailDto, ShipmentDto, ShipmentQuery } from './shipment.dto';
import { ShipmentsRepository } from './shipments.repository';

@Injectable()
export class ShipmentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly shipments: ShipmentsRepository,
    private readonly locations: KnownLocations,
    private readonly eta: EtaService,
    private readonly duty: DutyService,
  ) {}

  create(input: CreateShipmentDto): Promise<ShipmentDto> {
    return this.transactions.run((unit) => this.createIn(unit, input));
  }

  async createIn(unit: UnitOfWork, input: CreateShipmentDto): Promise<ShipmentDto> {
    const problems = shipmentLineProblems(input.lines);
    if (problems.length) throw new InvalidInput(problems);
    await this.locations.requireKnown(input.destinationCode, 'destinationCode', unit);
    const inserted = await this.shipments.insert(unit, {
      id: randomUUID(),
      reference: input.reference,
      originCountry: input.originCountry,
      originLocation: input.originLocation ?? null,
      destinationCode: input.destinationCode,
      portOfEntry: input.portOfEntry ?? null,
      carrier: input.carrier ?? null,
      trackingNumber: input.trackingNumber ?? null,
      allocationBasis: input.allocationBasis ?? 'value',
      freightUsd: input.freightUsd ?? '0.00',
      createdBy: currentActor(),
      lines: input.lines.map((line) => ({
        sku: line.sku,
        quantity: line.quantity,
        declaredValueUsd: line.declaredValueUsd,
        hsCode: normalizeHtsCode(line.hsCode),
        countryOfOrigin: line.countryOfOrigin,
        repairValueUsd: line.returnAfterRepair ? (line.repairValueUsd ?? null) : null,
        serials: line.serials ?? [],
      })),
    });
    if (!inserted) throw new Conflict('duplicate_reference', `a shipment with reference ${input.reference} already exists`);
    const estimate = await this.eta.estimate(unit, inserted);
    await this.shipments.updateEta(unit, inserted.id, estimate.eta, estimate.basis);
    const shipment = { ...inserted, eta: estimate.eta, etaBasis: estimate.basis as unknown as Record<string, unknown> };
    const lines = await this.shipments.linesOf([shipment.id], unit);
    await unit.emit(ShipmentEvents.created, {
      ...shipmentFacts(shipment, lines),
      originCountry: shipment.originCountry,
      eta: estimate.eta.toISOString(),
    });
    return toShipmentDto(shipment, lines);
  }

  async list(query: ShipmentQuery): Promise<Page<ShipmentDto>> {
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, 2);
    const rows = await this.shipments.list(
      { reference: query.reference, status: query.status, before: before ? [String(before[0]), String(before[1])] : undefined },
      limit + 1,
    );
    const lines = await this.shipments.linesOf(rows.map((row) => row.id));
    return toPage(rows, limit, (row) => [row.createdMicros, row.id], (row) =>
      toShipmentDto(row, lines.filter((line) => line.shipmentId === row.id)),
    );
  }

  async get(id: string): Promise<ShipmentDetailDto> {
    const shipment = await this.shipments.find(id);
    if (!shipment) throw new NotFound('shipment', id);
    const [lines, events, holds] = await Promise.all([
      this.shipments.linesOf([id]),
      this.shipments.eventsOf(id),
      this.shipments.holdsOf(id),
    ]);
    const duty = await this.duty.assess(shipment, lines, holds);
    const now = new Date();
    return {
      ...toShipmentDto(shipment, lines),
      events: events.map(toEventDto),
      holds: holds.map((hold) => ({
        id: hold.id,
        reason: hold.reason,
        agency: hold.agency,
        openedAt: hold.openedAt.toISOString(),
        releasedAt: hold.releasedAt?.toISOString() ?? null,
        daysHeld: Math.round(daysHeld({ heldAt: hold.openedAt, releasedAt: hold.releasedAt }, now) * 1000) / 1000,
      })),
      duty: {
        entryDate: duty.entryDate,
        entryDateBasis: duty.entryDateBasis,
        provisional: duty.provisional,
        totalDutyUsd: duty.totalDutyUsd,
        landedCostUsd: duty.landedCostUsd,
      },
    };
  }
}
