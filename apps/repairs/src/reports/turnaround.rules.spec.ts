import fc from 'fast-check';
import { TICKET_MOVES, TicketStatus } from '../tickets/ticket.rules';
import { TicketRecord, nearestRankPercentile, turnaroundReport } from './turnaround.rules';

const day = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000);

function ticket(machineSerial: string, steps: [TicketStatus, number][], partsConsumed = 0, faultCode: string | null = 'PSU-DEAD'): TicketRecord {
  return {
    machineSerial,
    repairCenterCode: 'AR-REPAIR',
    component: 'psu',
    faultCode,
    history: steps.map(([status, d]) => ({ status, at: day(d) })),
    partsConsumed,
  };
}

describe('nearest-rank percentiles', () => {
  it('picks an observed value, the smallest with p of the values at or below it', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRankPercentile(ten, 0.5)).toBe(5);
    expect(nearestRankPercentile(ten, 0.9)).toBe(9);
    expect(nearestRankPercentile([1, 2, 3, 4, 5], 0.9)).toBe(5);
    expect(nearestRankPercentile([7], 0.5)).toBe(7);
    expect(nearestRankPercentile([], 0.5)).toBeNull();
  });
});

describe('turnaround report', () => {
  const now = day(100);
  const repaired = ticket('M1', [['reported', 0], ['received', 1], ['diagnosing', 2], ['awaiting_parts', 3], ['repairing', 7], ['testing', 8], ['ready_to_return', 9], ['returned', 10]], 1);
  const noFault = ticket('M2', [['reported', 0], ['received', 1], ['diagnosing', 1], ['ready_to_return', 2], ['returned', 4]]);
  const scrapped = ticket('M3', [['reported', 0], ['received', 1], ['scrapped', 3]]);
  const cancelled = ticket('M4', [['reported', 0], ['cancelled', 1]]);
  const waiting = ticket('M5', [['reported', 90], ['received', 91], ['diagnosing', 92], ['awaiting_parts', 94]]);

  it('counts, turnaround, time in state and rates for one group', () => {
    const [group] = turnaroundReport([repaired, noFault, scrapped, cancelled, waiting], now);
    expect(group).toMatchObject({ repairCenterCode: 'AR-REPAIR', component: 'psu', faultCode: 'PSU-DEAD', opened: 5, closed: 4 });
    expect(group.turnaroundDays).toEqual({ median: 4, p90: 10 });
    // awaiting_parts: 4 days for M1 and 6 days (until now) for M5, over 5 tickets.
    expect(group.meanDaysInState.awaiting_parts).toBeCloseTo(2, 9);
    expect(group.meanDaysInState.reported).toBeCloseTo(5 / 5, 9);
    // Open time: M1 10, M2 4, M3 3, M4 1, M5 10 days.
    expect(group.awaitingPartsShare).toBeCloseTo(10 / 28, 9);
    expect(group.scrapRate).toBeCloseTo(1 / 3, 9);
    expect(group.noFaultFoundRate).toBeCloseTo(1 / 3, 9);
    expect(group.reFailureRate).toBe(0);
  });

  it('groups by center, component and fault code, tickets without a fault code last', () => {
    const groups = turnaroundReport([ticket('A', [['reported', 0]], 0, null), ticket('B', [['reported', 0]], 0, 'FAN'), { ...ticket('C', [['reported', 0]]), repairCenterCode: 'ND-REPAIR' }], now);
    expect(groups.map((g) => [g.repairCenterCode, g.faultCode])).toEqual([['AR-REPAIR', 'FAN'], ['AR-REPAIR', null], ['ND-REPAIR', 'PSU-DEAD']]);
    expect(groups[0].turnaroundDays).toEqual({ median: null, p90: null });
    expect(groups[0].scrapRate).toBeNull();
  });

  it('a machine back within 30 days of its return is a re-failure of the earlier ticket, whatever broke next', () => {
    const first = ticket('M9', [['reported', 0], ['received', 1], ['diagnosing', 1], ['repairing', 2], ['testing', 3], ['ready_to_return', 3], ['returned', 5]], 1);
    const again = { ...ticket('M9', [['reported', 30]]), component: 'fan' };
    const held = ticket('M8', [['reported', 0], ['received', 1], ['diagnosing', 1], ['repairing', 2], ['testing', 3], ['ready_to_return', 3], ['returned', 5]], 1);
    const lateReturn = ticket('M7', [['reported', 80], ['received', 81], ['diagnosing', 81], ['repairing', 82], ['testing', 83], ['ready_to_return', 83], ['returned', 90]], 1);
    const psu = turnaroundReport([first, again, held, lateReturn], now).find((g) => g.component === 'psu')!;
    // M7's window has not passed yet, so only M9 (came back) and M8 (did not) count.
    expect(psu.reFailureRate).toBe(0.5);
    expect(turnaroundReport([first, { ...again, history: [{ status: 'reported' as const, at: day(36) }] }], now)[1].reFailureRate).toBe(0);
  });

  it('rates are shares, the median never exceeds P90, and time in state adds up to open time', () => {
    const walk = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 5 })), { maxLength: 12 }).map((steps) => {
      let status: TicketStatus = 'reported';
      let at = 0;
      const history: [TicketStatus, number][] = [[status, at]];
      for (const [pick, days] of steps) {
        const moves: readonly TicketStatus[] = TICKET_MOVES[status];
        if (moves.length === 0) break;
        status = moves[pick % moves.length];
        at += days;
        history.push([status, at]);
      }
      return history;
    });
    const tickets = fc.array(fc.tuple(fc.constantFrom('M1', 'M2', 'M3'), walk, fc.nat(2)), { minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(tickets, (drawn) => {
        const records = drawn.map(([serial, steps, parts]) => ticket(serial, steps, parts));
        const end = day(100);
        const [group] = turnaroundReport(records, end);
        for (const rate of [group.awaitingPartsShare, group.scrapRate, group.noFaultFoundRate, group.reFailureRate]) {
          if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        }
        if (group.turnaroundDays.median !== null) expect(group.turnaroundDays.median).toBeLessThanOrEqual(group.turnaroundDays.p90!);
        const openDays = records.reduce((sum, r) => {
          const last = r.history[r.history.length - 1];
          const closedAt = TICKET_MOVES[last.status].length === 0 ? last.at : end;
          return sum + (closedAt.getTime() - r.history[0].at.getTime()) / 86_400_000;
        }, 0);
        const stateDays = Object.values(group.meanDaysInState).reduce((sum, mean) => sum + mean * group.opened, 0);
        expect(stateDays).toBeCloseTo(openDays, 6);
      }),
    );
  });
});
