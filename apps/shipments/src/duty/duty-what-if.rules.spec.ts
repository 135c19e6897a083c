import { TARIFF_SEEDS } from '../tariffs/tariff-seeds';
import { toTariffTerms } from '../tariffs/tariff.rules';
import { compareDutyScenarios } from './duty-what-if.rules';
import { LandedCostInput } from './duty.rules';

const declared: LandedCostInput = {
  lines: [
    { sku: 'APW12-PSU', quantity: 4, declaredValueUsd: '1000.00', hsCode: '8504.40.9580', countryOfOrigin: 'CN' },
    { sku: 'AURADINE-FAN', quantity: 10, declaredValueUsd: '100.00', hsCode: '8414.59', countryOfOrigin: 'US' },
  ],
  entryDate: '2025-05-02',
  schedule: TARIFF_SEEDS.map((seed, i) => ({ id: `seed-${i}`, ...toTariffTerms(seed) })),
  fees: { merchandiseProcessingFee: { ratePct: '0.3464', minimumUsd: '32.71', maximumUsd: '634.62' }, harborMaintenanceFee: null },
  freightUsd: '50.00',
  allocateBy: 'value',
};

describe('duty what-if', () => {
  const whatIf = compareDutyScenarios(declared, [
    { label: 'Malaysia', countryOfOrigin: 'MY', freightUsd: '80.00' },
    { label: 'entered in the 104% window', entryDate: '2025-04-20' },
  ]);

  it('states the baseline as declared', () => {
    expect(whatIf.baseline).toMatchObject({
      label: 'as declared',
      countryOfOrigin: null,
      totalDutyUsd: '550.00',
      landedCostUsd: '1732.71',
      dutyChangeUsd: '0.00',
    });
  });

  it('prices another origin for every line, US included, with its own freight', () => {
    expect(whatIf.scenarios[0]).toMatchObject({
      countryOfOrigin: 'MY',
      totalDutyUsd: '264.00', // 24% of 1000.00 and of 100.00
      dutyChangeUsd: '-286.00',
      landedCostChangeUsd: '-256.00',
    });
    expect(whatIf.scenarios[0].lines.map((line) => line.countryOfOrigin)).toEqual(['MY', 'MY']);
  });

  it('prices another entry date, and names the cheapest', () => {
    expect(whatIf.scenarios[1]).toMatchObject({ entryDate: '2025-04-20', totalDutyUsd: '1040.00', dutyChangeUsd: '490.00' });
    expect(whatIf.cheapest).toBe('Malaysia');
    expect(compareDutyScenarios(declared, []).cheapest).toBe('as declared');
  });
});
