import fc from 'fast-check';
import { OPEN_TICKET_STATUSES, TurnaroundTotals, turnaroundGroup, turnaroundReport } from './turnaround.rules';

function totals(overrides: Partial<TurnaroundTotals> = {}): TurnaroundTotals {
  return {
    repairCenterCode: 'AR-REPAIR', component: 'psu', faultCode: 'PSU-DEAD', opened: 0, closed: 0, returned: 0, scrapped: 0,
    returnedWithoutParts: 0, reFailureObserved: 0, reFailed: 0, turnaroundMedianDays: null, turnaroundP90Days: null, daysInState: {},
    ...overrides,
  };
}

describe('turnaround report from group totals', () => {
  it('means per ticket, the awaiting-parts share of open time, and rates over their own denominators', () => {
    const group = turnaroundGroup(totals({
      opened: 5, closed: 4, returned: 2, scrapped: 1, returnedWithoutParts: 1, reFailureObserved: 2, reFailed: 1,
      turnaroundMedianDays: 4, turnaroundP90Days: 10,
      daysInState: { reported: 5, received: 5, diagnosing: 4, awaiting_parts: 10, repairing: 1, testing: 1, ready_to_return: 3 },
    }));
    expect(group).toMatchObject({ opened: 5, closed: 4, turnaroundDays: { median: 4, p90: 10 } });
    expect(group.meanDaysInState).toEqual({ reported: 1, received: 1, diagnosing: 0.8, awaiting_parts: 2, repairing: 0.2, testing: 0.2, ready_to_return: 0.6 });
    expect(group.awaitingPartsShare).toBeCloseTo(10 / 29, 12);
    // Scrap and no-fault-found are over tickets returned or scrapped: the cancelled one says nothing.
    expect(group.scrapRate).toBeCloseTo(1 / 3, 12);
    expect(group.noFaultFoundRate).toBeCloseTo(1 / 3, 12);
    expect(group.reFailureRate).toBe(0.5);
  });

  it('a rate without a denominator is null, not zero, and a status never entered adds 0 days', () => {
    const group = turnaroundGroup(totals({ opened: 2, daysInState: { reported: 3 } }));
    expect(group).toMatchObject({ awaitingPartsShare: 0, scrapRate: null, noFaultFoundRate: null, reFailureRate: null, turnaroundDays: { median: null, p90: null } });
    expect(group.meanDaysInState.repairing).toBe(0);
    expect(Object.keys(group.meanDaysInState)).toEqual(OPEN_TICKET_STATUSES);
    expect(turnaroundGroup(totals({ opened: 1 })).awaitingPartsShare).toBeNull();
  });

  it('groups come ordered by center, component and fault code, those without a fault code last', () => {
    const groups = turnaroundReport([
      totals({ repairCenterCode: 'ND-REPAIR' }),
      totals({ faultCode: null }),
      totals({ faultCode: 'FAN' }),
      totals({ component: 'fan', faultCode: null }),
    ]);
    expect(groups.map((g) => [g.repairCenterCode, g.component, g.faultCode])).toEqual([
      ['AR-REPAIR', 'fan', null], ['AR-REPAIR', 'psu', 'FAN'], ['AR-REPAIR', 'psu', null], ['ND-REPAIR', 'psu', 'PSU-DEAD'],
    ]);
  });

  it('rates stay shares whenever the counts are consistent with each other', () => {
    const consistent = fc
      .record({ returned: fc.nat(50), scrapped: fc.nat(50), cancelled: fc.nat(50), open: fc.nat(50), seed: fc.tuple(fc.nat(), fc.nat(), fc.nat()) })
      .map(({ returned, scrapped, cancelled, open, seed: [a, b, c] }) => {
        const reFailureObserved = returned === 0 ? 0 : a % (returned + 1);
        return totals({
          opened: returned + scrapped + cancelled + open, closed: returned + scrapped + cancelled, returned, scrapped,
          returnedWithoutParts: returned === 0 ? 0 : b % (returned + 1), reFailureObserved,
          reFailed: reFailureObserved === 0 ? 0 : c % (reFailureObserved + 1),
          daysInState: { awaiting_parts: a % 17, repairing: b % 13, reported: (c % 5) + 0.5 },
        });
      });
    fc.assert(
      fc.property(consistent, (input) => {
        const group = turnaroundGroup(input);
        for (const rate of [group.awaitingPartsShare, group.scrapRate, group.noFaultFoundRate, group.reFailureRate]) {
          if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        }
        const meanSum = Object.values(group.meanDaysInState).reduce((sum, mean) => sum + mean, 0);
        if (input.opened > 0) expect(meanSum * input.opened).toBeCloseTo(Object.values(input.daysInState).reduce((s, d) => s + d, 0), 9);
      }),
    );
  });
});
