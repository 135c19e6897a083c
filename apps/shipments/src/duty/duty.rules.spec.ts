import fc from 'fast-check';
import { parseUsd, sumCents } from '@app/common/domain';
import { TARIFF_SEEDS } from '../tariffs/tariff-seeds';
import { TariffEntry, toTariffTerms } from '../tariffs/tariff.rules';
import {
  assessDuty,
  computeLandedCost,
  determineEntryDate,
  DutyLine,
  dutyLineProblems,
  EntryFeeSchedule,
  LandedCostInput,
} from './duty.rules';

const schedule: TariffEntry[] = TARIFF_SEEDS.map((seed, i) => ({ id: `seed-${i}`, ...toTariffTerms(seed) }));
const fees: EntryFeeSchedule = {
  merchandiseProcessingFee: { ratePct: '0.3464', minimumUsd: '32.71', maximumUsd: '634.62' },
  harborMaintenanceFee: { ratePct: '0.125' },
};
const miner = (overrides: Partial<DutyLine> = {}): DutyLine => ({
  sku: 'S21-HASHBOARD',
  quantity: 2,
  declaredValueUsd: '550.00',
  hsCode: '8473.30.1180',
  countryOfOrigin: 'CN',
  ...overrides,
});

describe('duty per line', () => {
  it('charges 55% of 550.00 as 302.50 (the contract example)', () => {
    const duty = assessDuty([miner()], schedule, '2025-05-02');
    expect(duty.totalDutyUsd).toBe('302.50');
    expect(duty.lines[0]).toMatchObject({
      hsCode: '8473301180',
      ratePct: '55',
      tariffId: 'seed-3',
      dutiableValueUsd: '550.00',
      dutyUsd: '302.50',
      basis: 'tariff',
      programs: [{ program: 'base', tariffId: 'seed-3', hsCode: '847330', ratePct: '55', dutyUsd: '302.50' }],
    });
  });

  it('uses the rate in force on the entry date', () => {
    expect(assessDuty([miner()], schedule, '2025-04-27').totalDutyUsd).toBe('572.00');
    expect(assessDuty([miner()], schedule, '2025-04-08').lines[0]).toMatchObject({
      dutyUsd: '0.00',
      ratePct: '0',
      tariffId: null,
      basis: 'no_tariff_in_force',
    });
  });

  it('exempts US-made hardware', () => {
    const usSchedule = [{ ...schedule[1], id: 'us', countryOfOrigin: 'US' }];
    expect(assessDuty([miner({ countryOfOrigin: 'US' })], usSchedule, '2025-05-02').lines[0]).toMatchObject({
      dutyUsd: '0.00',
      basis: 'exempt_origin',
    });
  });

  it('charges a 9802 return after repair on the repair value only', () => {
    const line = assessDuty([miner({ declaredValueUsd: '1000.00', repairValueUsd: '200.00' })], schedule, '2025-05-02').lines[0];
    expect(line).toMatchObject({ dutiableValueUsd: '200.00', returnedAfterRepair: true, dutyUsd: '110.00' });
  });

  it('stacks programs, rounding each half-up on its own', () => {
    const stacked = [...schedule, { ...schedule[3], id: 's301', program: 'section_301', ratePct: '25' }];
    const line = assessDuty([miner({ declaredValueUsd: '0.03' })], stacked, '2025-05-02').lines[0];
    // 55% of 3 cents is 1.65 → 2, 25% is 0.75 → 1; one rounding of 80% would give 2.
    expect(line.programs.map((program) => program.dutyUsd)).toEqual(['0.02', '0.01']);
    expect(line).toMatchObject({ ratePct: '80', dutyUsd: '0.03', tariffId: 'seed-3' });
  });

  it('assesses every line of a shipment as it would alone, however often origins and codes repeat', () => {
    const line = fc.record({
      sku: fc.constantFrom('HB', 'PSU', 'FAN'),
      quantity: fc.integer({ min: 1, max: 50 }),
      declaredValueUsd: fc.integer({ min: 0, max: 5_000_000 }).map((cents) => (cents / 100).toFixed(2)),
      hsCode: fc.constantFrom('8473.30.1180', '8473301180', '8504.40.9580', '8414.59.6590'),
      countryOfOrigin: fc.constantFrom('CN', 'MY', 'TH', 'US', 'VN'),
      repairValueUsd: fc.constantFrom(null, '0.00', '10.00'),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.constantFrom('2025-03-01', '2025-05-02', '2026-01-15'), (lines, date) => {
        const together = assessDuty(lines, schedule, date);
        lines.forEach((one, i) => expect(together.lines[i]).toEqual(assessDuty([one], schedule, date).lines[0]));
      }),
      { numRuns: 100 },
    );
  });

  it('names bad line inputs', () => {
    expect(dutyLineProblems(miner())).toEqual([]);
    expect(dutyLineProblems(miner({ quantity: 0, declaredValueUsd: '5.005', hsCode: '8', repairValueUsd: 'x' }))).toHaveLength(4);
    expect(dutyLineProblems(miner({ repairValueUsd: '550.01' }))).toEqual(['repairValueUsd cannot exceed declaredValueUsd']);
  });
});

describe('landed cost', () => {
  const input: LandedCostInput = {
    lines: [miner(), { sku: 'AURADINE-FAN', quantity: 10, declaredValueUsd: '100.00', hsCode: '8414.59', countryOfOrigin: 'US' }],
    entryDate: '2025-05-02',
    schedule,
    fees,
    freightUsd: '100.00',
    allocateBy: 'value',
  };

  it('adds value, duty, freight and fees, the fees kept above their minimum', () => {
    const cost = computeLandedCost(input);
    expect(cost).toMatchObject({
      declaredValueUsd: '650.00',
      totalDutyUsd: '302.50',
      freightUsd: '100.00',
      merchandiseProcessingFeeUsd: '32.71', // 0.3464% of 650.00 is 2.25, below the minimum
      harborMaintenanceFeeUsd: '0.81',
      landedCostUsd: '1086.02',
    });
    expect(cost.lines.map((line) => [line.freightUsd, line.feesUsd, line.landedCostUsd, line.unitLandedCostUsd])).toEqual([
      ['84.62', '28.36', '965.48', '482.74'],
      ['15.38', '5.16', '120.54', '12.05'],
    ]);
  });

  it('allocates by quantity and caps the processing fee at its maximum', () => {
    const cost = computeLandedCost({
      ...input,
      lines: [miner({ declaredValueUsd: '300000.00' }), input.lines[1]],
      allocateBy: 'quantity',
      fees: { ...fees, harborMaintenanceFee: null },
    });
    expect(cost.merchandiseProcessingFeeUsd).toBe('634.62');
    expect(cost.harborMaintenanceFeeUsd).toBe('0.00');
    expect(cost.lines.map((line) => line.freightUsd)).toEqual(['16.67', '83.33']);
  });

  const usd = fc.bigInt({ min: 0n, max: 100_000_000n }).map((cents) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
  const line = fc.record({
    sku: fc.constantFrom('PSU-APW12', 'FAN-6000', 'HB-S19'),
    quantity: fc.integer({ min: 1, max: 5000 }),
    declaredValueUsd: usd,
    hsCode: fc.constantFrom('8471.50.0150', '8473.30.1180', '8504.40.9580', '8414.59', '8543.70.9960', '9999'),
    countryOfOrigin: fc.constantFrom('CN', 'ID', 'TH', 'MY', 'US', 'DE'),
  });
  const scenario = fc.record({
    lines: fc.array(line, { minLength: 1, maxLength: 8 }),
    entryDate: fc.constantFrom('2025-04-01', '2025-04-09', '2025-04-27', '2025-04-28', '2026-01-01'),
    freightUsd: usd,
    allocateBy: fc.constantFrom('value' as const, 'quantity' as const),
  });

  it('always splits freight and fees exactly, never charges negative duty, and spares US origin', () => {
    fc.assert(
      fc.property(scenario, (generated) => {
        const cost = computeLandedCost({ ...generated, schedule, fees });
        const sum = (pick: (l: (typeof cost.lines)[number]) => string) => sumCents(cost.lines.map((l) => parseUsd(pick(l))));
        expect(sum((l) => l.freightUsd)).toBe(parseUsd(cost.freightUsd));
        expect(sum((l) => l.feesUsd)).toBe(parseUsd(cost.merchandiseProcessingFeeUsd) + parseUsd(cost.harborMaintenanceFeeUsd));
        expect(sum((l) => l.dutyUsd)).toBe(parseUsd(cost.totalDutyUsd));
        expect(sum((l) => l.landedCostUsd)).toBe(parseUsd(cost.landedCostUsd));
        for (const l of cost.lines) {
          expect(l.dutyUsd.startsWith('-')).toBe(false);
          if (l.countryOfOrigin === 'US') expect(l.dutyUsd).toBe('0.00');
        }
        const mpf = parseUsd(cost.merchandiseProcessingFeeUsd);
        expect(mpf >= parseUsd('32.71') && mpf <= parseUsd('634.62')).toBe(true);
      }),
    );
  });
});

describe('entry date', () => {
  const today = new Date('2025-06-01T12:00:00Z');
  const arrived = new Date('2025-05-02T23:30:00Z');

  it('is the arrival date at port, in UTC', () => {
    expect(determineEntryDate({ arrivedAtPortAt: arrived, bondedWarehouse: null }, today)).toEqual({
      entryDate: '2025-05-02',
      basis: 'arrived_at_port',
      provisional: false,
    });
  });

  it('is the release date for goods entered into a bonded warehouse', () => {
    const released = new Date('2025-05-20T08:00:00Z');
    expect(determineEntryDate({ arrivedAtPortAt: arrived, bondedWarehouse: { releasedAt: released } }, today)).toEqual({
      entryDate: '2025-05-20',
      basis: 'bonded_warehouse_release',
      provisional: false,
    });
    expect(determineEntryDate({ arrivedAtPortAt: arrived, bondedWarehouse: { releasedAt: null } }, today)).toEqual({
      entryDate: '2025-06-01',
      basis: 'today',
      provisional: true,
    });
  });

  it('is today, provisionally, while the goods have not arrived', () => {
    expect(determineEntryDate({ arrivedAtPortAt: null, bondedWarehouse: null }, today)).toEqual({
      entryDate: '2025-06-01',
      basis: 'today',
      provisional: true,
    });
  });
});
