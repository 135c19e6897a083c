import { InvalidInput, NotFound, UnitOfWork } from '@app/common';
import { formatRatePct, lineSerialProblems, parseRatePct } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { SettingsService } from '../settings/settings.service';
import { ShipmentLineInput } from '../shipments/shipment.dto';
import { HoldRow, LineRow, ShipmentRow, ShipmentsRepository } from '../shipments/shipments.repository';
import { TariffsService } from '../tariffs/tariffs.service';
import { compareDutyScenarios, DutyScenario } from './duty-what-if.rules';
import { computeLandedCost, determineEntryDate, DutyLine, dutyLineProblems, EntryDate, EntryFeeSchedule, LandedCostInput } from './duty.rules';
import { EntryFeesDto, ShipmentDutyDto, WhatIfDto, WhatIfResultDto } from './duty.dto';

export function toDutyLine(line: Pick<LineRow, 'sku' | 'quantity' | 'declaredValueUsd' | 'hsCode' | 'countryOfOrigin' | 'repairValueUsd'>): DutyLine {
  return {
    sku: line.sku,
    quantity: line.quantity,
    declaredValueUsd: line.declaredValueUsd,
    hsCode: line.hsCode,
    countryOfOrigin: line.countryOfOrigin,
    repairValueUsd: line.repairValueUsd,
  };
}

/** Every problem with submitted lines, named by their path; the 9802 flag and value must come together. */
export function shipmentLineProblems(lines: readonly ShipmentLineInput[], path = 'lines'): string[] {
  const dutyProblems = lines.flatMap((line, index) => {
    const problems = dutyLineProblems({ ...line, repairValueUsd: line.repairValueUsd ?? null }).map((problem) => `${path}.${index}.${problem}`);
    if (line.returnAfterRepair && line.repairValueUsd === undefined) {
      problems.push(`${path}.${index}.repairValueUsd is required when returnAfterRepair is true`);
    }
    if (!line.returnAfterRepair && line.repairValueUsd !== undefined) {
      problems.push(`${path}.${index}.repairValueUsd is only allowed with returnAfterRepair: true`);
    }
    return problems;
  });
  return [...dutyProblems, ...lineSerialProblems(lines, path)];
}

export function entryDateOf(shipment: Pick<ShipmentRow, 'arrivedAt'>, holds: readonly HoldRow[], today = new Date()): EntryDate {
  // Goods entered into a bonded warehouse: the first bonded hold's release is the entry date.
  const bonded = holds.find((hold) => hold.bonded);
  return determineEntryDate(
    { arrivedAtPortAt: shipment.arrivedAt, bondedWarehouse: bonded ? { releasedAt: bonded.releasedAt } : null },
    today,
  );
}

function feesDto(fees: EntryFeeSchedule): EntryFeesDto {
  const rate = (value: string | number) => formatRatePct(parseRatePct(value));
  return {
    merchandiseProcessingFee: { ...fees.merchandiseProcessingFee, ratePct: rate(fees.merchandiseProcessingFee.ratePct) },
    harborMaintenanceFee: fees.harborMaintenanceFee ? { ratePct: rate(fees.harborMaintenanceFee.ratePct) } : null,
  };
}

/** Duty and landed cost: loads the facts, the pure duty rules decide. */
@Injectable()
export class DutyService {
  constructor(
    private readonly shipments: ShipmentsRepository,
    private readonly tariffs: TariffsService,
    private readonly settings: SettingsService,
  ) {}

  async forShipment(id: string): Promise<ShipmentDutyDto> {
    const shipment = await this.shipments.find(id);
    if (!shipment) throw new NotFound('shipment', id);
    const [lines, holds] = await Promise.all([this.shipments.linesOf([id]), this.shipments.holdsOf(id)]);
    return this.assess(shipment, lines, holds);
  }

  /** Landed cost of a loaded shipment, inside a caller's transaction or not. */
  async assess(shipment: ShipmentRow, lines: readonly LineRow[], holds: readonly HoldRow[], unit?: UnitOfWork): Promise<ShipmentDutyDto> {
    const entry = entryDateOf(shipment, holds);
    const [schedule, settings] = await Promise.all([
      this.tariffs.schedule(lines.map((line) => line.countryOfOrigin), unit),
      this.settings.current(unit),
    ]);
    const cost = computeLandedCost({
      lines: lines.map(toDutyLine),
      entryDate: entry.entryDate,
      schedule,
      fees: settings.fees,
      freightUsd: shipment.freightUsd,
      allocateBy: shipment.allocationBasis,
    });
    return {
      shipmentId: shipment.id,
      reference: shipment.reference,
      entryDate: entry.entryDate,
      entryDateBasis: entry.basis,
      provisional: entry.provisional,
      allocatedBy: cost.allocatedBy,
      lines: cost.lines,
      declaredValueUsd: cost.declaredValueUsd,
      totalDutyUsd: cost.totalDutyUsd,
      freightUsd: cost.freightUsd,
      merchandiseProcessingFeeUsd: cost.merchandiseProcessingFeeUsd,
      harborMaintenanceFeeUsd: cost.harborMaintenanceFeeUsd,
      landedCostUsd: cost.landedCostUsd,
      fees: feesDto(settings.fees),
    };
  }

  /** Prices the same lines from other origins or on other dates; stores nothing. */
  async whatIf(request: WhatIfDto): Promise<WhatIfResultDto> {
    const declared = await this.declaredInput(request);
    const scenarios: DutyScenario[] = request.alternatives.map((alternative, index) => ({
      label: alternative.label ?? describe(alternative, index),
      ...(alternative.countryOfOrigin ? { countryOfOrigin: alternative.countryOfOrigin } : {}),
      ...(alternative.entryDate ? { entryDate: alternative.entryDate } : {}),
      ...(alternative.freightUsd ? { freightUsd: alternative.freightUsd } : {}),
    }));
    const origins = [...declared.lines.map((line) => line.countryOfOrigin), ...scenarios.flatMap((s) => (s.countryOfOrigin ? [s.countryOfOrigin] : []))];
    const result = compareDutyScenarios({ ...declared, schedule: await this.tariffs.schedule(origins) }, scenarios);
    return { baseline: result.baseline, alternatives: result.scenarios, cheapest: result.cheapest };
  }

  private async declaredInput(request: WhatIfDto): Promise<Omit<LandedCostInput, 'schedule'>> {
    const { fees } = await this.settings.current();
    if (request.shipmentId) {
      // The shipment's entry date, freight and allocation unless the request overrides them.
      if (request.lines) throw new InvalidInput([`lines: give either shipmentId or lines, not both`]);
      const shipment = await this.shipments.find(request.shipmentId);
      if (!shipment) throw new NotFound('shipment', request.shipmentId);
      const [lines, holds] = await Promise.all([this.shipments.linesOf([shipment.id]), this.shipments.holdsOf(shipment.id)]);
      return {
        lines: lines.map(toDutyLine),
        entryDate: request.entryDate ?? entryDateOf(shipment, holds).entryDate,
        fees,
        freightUsd: request.freightUsd ?? shipment.freightUsd,
        allocateBy: request.allocationBasis ?? shipment.allocationBasis,
      };
    }
    if (!request.lines) throw new InvalidInput(['lines: required when no shipmentId is given']);
    const problems = shipmentLineProblems(request.lines);
    if (problems.length) throw new InvalidInput(problems);
    return {
      lines: request.lines.map((line) => toDutyLine({ ...line, repairValueUsd: line.repairValueUsd ?? null })),
      entryDate: request.entryDate ?? new Date().toISOString().slice(0, 10),
      fees,
      freightUsd: request.freightUsd ?? '0.00',
      allocateBy: request.allocationBasis ?? 'value',
    };
  }
}

function describe(alternative: { countryOfOrigin?: string; entryDate?: string; freightUsd?: string }, index: number): string {
  const parts = [
    alternative.countryOfOrigin ? `from ${alternative.countryOfOrigin}` : null,
    alternative.entryDate ? `entered ${alternative.entryDate}` : null,
    alternative.freightUsd ? `freight ${alternative.freightUsd}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : `alternative ${index + 1}`;
}
