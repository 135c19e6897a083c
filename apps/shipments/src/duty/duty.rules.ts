import {
  allocate,
  Cents,
  clampCents,
  divideHalfUp,
  formatRatePct,
  formatUsd,
  isHtsCode,
  isUsdAmount,
  normalizeHtsCode,
  parseUsd,
  percentOf,
  sumCents,
  utcDate,
} from '@app/common/domain';
import { BASE_PROGRAM, lookupTariffs, ProgramRate, TariffEntry } from '../tariffs/tariff.rules';

/**
 * Duty and landed cost of a shipment's lines on its entry date.
 * Rounding: each line's duty under each tariff program is rounded half-up to the cent (as
 * ACE computes each HTS number on an entry line); the line's duty is their sum. Entry-level
 * fees are rounded half-up once, then split over lines by largest remainder.
 */
export interface DutyLine {
  sku: string;
  quantity: number;
  /** Customs value of the whole line (all its units). */
  declaredValueUsd: string;
  hsCode: string;
  countryOfOrigin: string;
  /** HTSUS 9802: an article returned after repair abroad pays duty on the repair value only. */
  repairValueUsd?: string | null;
}

export interface EntryFeeSchedule {
  /** Merchandise processing fee: a percentage of the entry's value, kept between a minimum and a maximum. */
  merchandiseProcessingFee: { ratePct: string | number; minimumUsd: string; maximumUsd: string };
  /** Harbor maintenance fee: a percentage of the value; null for cargo that did not come through a seaport. */
  harborMaintenanceFee: { ratePct: string | number } | null;
}

export type AllocationBasis = 'value' | 'quantity';

export interface LandedCostInput {
  lines: readonly DutyLine[];
  entryDate: string;
  schedule: readonly TariffEntry[];
  fees: EntryFeeSchedule;
  freightUsd: string;
  allocateBy: AllocationBasis;
}

export type DutyBasis = 'tariff' | 'exempt_origin' | 'no_tariff_in_force';

export interface ProgramDuty {
  program: string;
  tariffId: string;
  /** The HTS prefix of the winning tariff entry. */
  hsCode: string;
  ratePct: string;
  dutyUsd: string;
}

export interface LineDuty {
  sku: string;
  quantity: number;
  hsCode: string;
  countryOfOrigin: string;
  dutiableValueUsd: string;
  returnedAfterRepair: boolean;
  /** Sum of the programs' rates. */
  ratePct: string;
  /** The base program's tariff, else the first program's; null when none applies. */
  tariffId: string | null;
  programs: ProgramDuty[];
  dutyUsd: string;
  basis: DutyBasis;
}

export interface DutyAssessment {
  entryDate: string;
  lines: LineDuty[];
  totalDutyUsd: string;
}

export interface LineLandedCost extends LineDuty {
  declaredValueUsd: string;
  freightUsd: string;
  feesUsd: string;
  landedCostUsd: string;
  /** The line's landed cost per unit, rounded half-up: units may not sum to the line exactly. */
  unitLandedCostUsd: string;
}

export interface LandedCost {
  entryDate: string;
  allocatedBy: AllocationBasis;
  lines: LineLandedCost[];
  declaredValueUsd: string;
  totalDutyUsd: string;
  freightUsd: string;
  merchandiseProcessingFeeUsd: string;
  harborMaintenanceFeeUsd: string;
  landedCostUsd: string;
}

/** Every problem with a line's duty inputs, each naming its field; empty when valid. */
export function dutyLineProblems(line: DutyLine): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) problems.push('quantity must be an integer ≥ 1');
  if (!isUsdAmount(line.declaredValueUsd)) problems.push('declaredValueUsd must be a USD amount such as "550.00"');
  if (!isHtsCode(line.hsCode)) problems.push('hsCode must be 2–10 digits, dots optional');
  if (line.repairValueUsd != null) {
    if (!isUsdAmount(line.repairValueUsd)) problems.push('repairValueUsd must be a USD amount such as "120.00"');
    else if (isUsdAmount(line.declaredValueUsd) && parseUsd(line.repairValueUsd) > parseUsd(line.declaredValueUsd)) {
      problems.push('repairValueUsd cannot exceed declaredValueUsd');
    }
  }
  return problems;
}

export function assessDuty(lines: readonly DutyLine[], schedule: readonly TariffEntry[], entryDate: string): DutyAssessment {
  const tariffsOf = lineTariffs(schedule, entryDate);
  const assessed = lines.map((line) => assessLine(line, tariffsOf(line)));
  return {
    entryDate,
    lines: assessed.map(({ lineDuty }) => lineDuty),
    totalDutyUsd: formatUsd(sumCents(assessed.map(({ duty }) => duty))),
  };
}

export function computeLandedCost(input: LandedCostInput): LandedCost {
  const cost = landedCostInCents(input);
  return {
    entryDate: input.entryDate,
    allocatedBy: input.allocateBy,
    lines: cost.lines.map(({ lineDuty, declared, freight, fees, landed }, index) => ({
      // Listed rather than spread: a spread copies each of 10,000 lines property by property, slowly.
      sku: lineDuty.sku,
      quantity: lineDuty.quantity,
      hsCode: lineDuty.hsCode,
      countryOfOrigin: lineDuty.countryOfOrigin,
      dutiableValueUsd: lineDuty.dutiableValueUsd,
      returnedAfterRepair: lineDuty.returnedAfterRepair,
      ratePct: lineDuty.ratePct,
      tariffId: lineDuty.tariffId,
      programs: lineDuty.programs,
      dutyUsd: lineDuty.dutyUsd,
      basis: lineDuty.basis,
      declaredValueUsd: formatUsd(declared),
      freightUsd: formatUsd(freight),
      feesUsd: formatUsd(fees),
      landedCostUsd: formatUsd(landed),
      unitLandedCostUsd: formatUsd(divideHalfUp(landed, input.lines[index].quantity)),
    })),
    declaredValueUsd: formatUsd(cost.declared),
    totalDutyUsd: formatUsd(cost.duty),
    freightUsd: formatUsd(cost.freight),
    merchandiseProcessingFeeUsd: formatUsd(cost.merchandiseProcessingFee),
    harborMaintenanceFeeUsd: formatUsd(cost.harborMaintenanceFee),
    landedCostUsd: formatUsd(cost.landed),
  };
}

/** The exact figures behind a LandedCost, for callers that compare or add them (what-if). */
export interface LandedCostCents {
  lines: { lineDuty: LineDuty; duty: Cents; declared: Cents; freight: Cents; fees: Cents; landed: Cents }[];
  declared: Cents;
  duty: Cents;
  freight: Cents;
  merchandiseProcessingFee: Cents;
  harborMaintenanceFee: Cents;
  landed: Cents;
}

export function landedCostInCents(input: LandedCostInput): LandedCostCents {
  const tariffsOf = lineTariffs(input.schedule, input.entryDate);
  const assessed = input.lines.map((line) => assessLine(line, tariffsOf(line)));
  const declaredByLine = input.lines.map((line) => parseUsd(line.declaredValueUsd));
  const declared = sumCents(declaredByLine);
  const mpf = input.fees.merchandiseProcessingFee;
  const merchandiseProcessingFee = clampCents(
    percentOf(declared, mpf.ratePct),
    parseUsd(mpf.minimumUsd),
    parseUsd(mpf.maximumUsd),
  );
  const hmf = input.fees.harborMaintenanceFee;
  const harborMaintenanceFee = hmf ? percentOf(declared, hmf.ratePct) : 0n;
  const freight = parseUsd(input.freightUsd);
  const weights = input.allocateBy === 'value' ? declaredByLine : input.lines.map((line) => line.quantity);
  const freightByLine = allocate(freight, weights);
  const feesByLine = allocate(merchandiseProcessingFee + harborMaintenanceFee, weights);
  const lines = assessed.map(({ lineDuty, duty }, i) => ({
    lineDuty,
    duty,
    declared: declaredByLine[i],
    freight: freightByLine[i],
    fees: feesByLine[i],
    landed: declaredByLine[i] + duty + freightByLine[i] + feesByLine[i],
  }));
  const duty = sumCents(lines.map((line) => line.duty));
  return {
    lines,
    declared,
    duty,
    freight,
    merchandiseProcessingFee,
    harborMaintenanceFee,
    landed: declared + duty + freight + merchandiseProcessingFee + harborMaintenanceFee,
  };
}

/** The tariffs a line's origin and HTS code pay on the entry date, with their rates formatted once. */
interface LineTariffs {
  hsCode: string;
  exempt: boolean;
  programs: { rate: ProgramRate; ratePct: string }[];
  ratePct: string;
  headline: ProgramRate | undefined;
}

/** Looks a line's tariffs up once per origin and HTS code: a shipment's lines repeat a few of them. */
function lineTariffs(schedule: readonly TariffEntry[], entryDate: string): (line: DutyLine) => LineTariffs {
  const known = new Map<string, LineTariffs>();
  return (line) => {
    const key = `${line.countryOfOrigin} ${line.hsCode}`;
    let tariffs = known.get(key);
    if (!tariffs) {
      const lookup = lookupTariffs(schedule, { countryOfOrigin: line.countryOfOrigin, hsCode: line.hsCode, date: entryDate });
      tariffs = {
        hsCode: normalizeHtsCode(line.hsCode),
        exempt: lookup.exemption !== null,
        programs: lookup.programs.map((rate) => ({ rate, ratePct: formatRatePct(rate.ratePct) })),
        ratePct: formatRatePct(lookup.totalRatePct),
        headline: lookup.programs.find((rate) => rate.program === BASE_PROGRAM) ?? lookup.programs[0],
      };
      known.set(key, tariffs);
    }
    return tariffs;
  };
}

function assessLine(line: DutyLine, tariffs: LineTariffs): { lineDuty: LineDuty; duty: Cents } {
  const returnedAfterRepair = line.repairValueUsd != null;
  const dutiable = parseUsd(line.repairValueUsd ?? line.declaredValueUsd);
  const programs = tariffs.programs.map(({ rate, ratePct }) => ({ rate, ratePct, duty: percentOf(dutiable, rate.ratePct) }));
  const duty = sumCents(programs.map((program) => program.duty));
  const basis: DutyBasis = tariffs.exempt ? 'exempt_origin' : programs.length > 0 ? 'tariff' : 'no_tariff_in_force';
  return {
    duty,
    lineDuty: {
      sku: line.sku,
      quantity: line.quantity,
      hsCode: tariffs.hsCode,
      countryOfOrigin: line.countryOfOrigin,
      dutiableValueUsd: formatUsd(dutiable),
      returnedAfterRepair,
      ratePct: tariffs.ratePct,
      tariffId: tariffs.headline ? tariffs.headline.entry.id : null,
      programs: programs.map(({ rate, ratePct, duty: programDuty }) => ({
        program: rate.program,
        tariffId: rate.entry.id,
        hsCode: rate.entry.hsCode,
        ratePct,
        dutyUsd: formatUsd(programDuty),
      })),
      dutyUsd: formatUsd(duty),
      basis,
    },
  };
}

export type EntryDateBasis = 'arrived_at_port' | 'bonded_warehouse_release' | 'today';

export interface EntryDateFacts {
  arrivedAtPortAt: Date | null;
  /** Set when the goods went into a bonded warehouse; releasedAt stays null while they are there. */
  bondedWarehouse: { releasedAt: Date | null } | null;
}

export interface EntryDate {
  entryDate: string;
  basis: EntryDateBasis;
  /** True while the date is today's stand-in and will move. */
  provisional: boolean;
}

/** The date whose tariffs apply: release from a bonded warehouse, else arrival at port, else today (UTC days). */
export function determineEntryDate(facts: EntryDateFacts, today: Date): EntryDate {
  if (facts.bondedWarehouse) {
    const { releasedAt } = facts.bondedWarehouse;
    return releasedAt
      ? { entryDate: utcDate(releasedAt), basis: 'bonded_warehouse_release', provisional: false }
      : { entryDate: utcDate(today), basis: 'today', provisional: true };
  }
  if (facts.arrivedAtPortAt) return { entryDate: utcDate(facts.arrivedAtPortAt), basis: 'arrived_at_port', provisional: false };
  return { entryDate: utcDate(today), basis: 'today', provisional: true };
}
