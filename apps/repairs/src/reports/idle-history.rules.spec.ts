import { MS_PER_DAY } from '@app/common/domain';
import fc from 'fast-check';
import { HISTORY_REASONS, idleHistory, StatusTimeOnDay } from './idle-history.rules';
import { TICKET_STATUSES } from '../tickets/ticket.rules';

const HOUR = 3600;
const DAY = 24 * HOUR;
/** Day 20,000 (2024-10-04) and noon of the day after: two days have begun, the second half gone. */
const FIRST = 20_000;
const NOON_OF_SECOND = (FIRST + 1.5) * MS_PER_DAY;

function time(overrides: Partial<StatusTimeOnDay>): StatusTimeOnDay {
  const seconds = overrides.seconds ?? DAY;
  return { day: FIRST, status: 'repairing', degraded: false, remainingHashrateFraction: null, seconds, hashrateThSeconds: seconds * 200, ...overrides };
}

describe('idle history from status time per day', () => {
  it('averages each day: down machines by reason, degraded apart, lost hashrate at the degraded fraction', () => {
    const days = idleHistory(FIRST, FIRST + 1, NOON_OF_SECOND, [
      time({ status: 'reported', seconds: 18 * HOUR, hashrateThSeconds: 18 * HOUR * 100 }),
      time({ status: 'awaiting_parts', seconds: 6 * HOUR, hashrateThSeconds: 6 * HOUR * 100 }),
      time({ status: 'ready_to_return', seconds: 12 * HOUR, hashrateThSeconds: 12 * HOUR * 300 }),
      time({ status: 'diagnosing', degraded: true, remainingHashrateFraction: 0.75, seconds: DAY, hashrateThSeconds: DAY * 400 }),
    ], [{ day: FIRST, opened: 3, closed: 1 }]);
    expect(days).toEqual([{
      date: '2024-10-04',
      idleMachines: 1.5,
      degradedMachines: 1,
      // 100 TH/s for a day, 300 for half of it, and a quarter of 400 for the whole day.
      lostHashrateThs: 100 + 150 + 100,
      byReason: { awaiting_diagnosis: 0.75, in_repair: 0, awaiting_parts: 0.25, in_transit: 0.5 },
      ticketsOpened: 3,
      ticketsClosed: 1,
    }]);
  });

  it('averages today over its hours so far, lists days without tickets as zeros, and none that has not begun', () => {
    const days = idleHistory(FIRST - 1, FIRST + 5, NOON_OF_SECOND, [time({ day: FIRST + 1, status: 'testing', seconds: 6 * HOUR, hashrateThSeconds: 6 * HOUR * 200 })], []);
    expect(days.map((day) => day.date)).toEqual(['2024-10-03', '2024-10-04', '2024-10-05']);
    expect(days[0]).toMatchObject({ idleMachines: 0, degradedMachines: 0, lostHashrateThs: 0, ticketsOpened: 0, ticketsClosed: 0 });
    expect(days[2]).toMatchObject({ idleMachines: 0.5, lostHashrateThs: 100, byReason: { in_repair: 0.5 } });
  });

  it("a degraded ticket without a fraction counts its machine's whole hashrate lost", () => {
    const [day] = idleHistory(FIRST, FIRST + 1, NOON_OF_SECOND, [time({ degraded: true, remainingHashrateFraction: null })], []);
    expect(day).toMatchObject({ idleMachines: 0, degradedMachines: 1, lostHashrateThs: 200 });
  });

  it('time in a final status counts nowhere', () => {
    const days = idleHistory(FIRST, FIRST + 1, NOON_OF_SECOND, ['returned', 'scrapped', 'cancelled'].map((status) => time({ status: status as StatusTimeOnDay['status'] })), []);
    expect(days[0]).toMatchObject({ idleMachines: 0, degradedMachines: 0, lostHashrateThs: 0 });
  });

  it('the reasons of a day add up to its idle machines', () => {
    const statusTime = fc.record({
      status: fc.constantFrom(...TICKET_STATUSES),
      degraded: fc.boolean(),
      seconds: fc.integer({ min: 1, max: DAY }),
    });
    fc.assert(
      fc.property(fc.array(statusTime, { maxLength: 30 }), (times) => {
        const [day] = idleHistory(FIRST, FIRST + 1, NOON_OF_SECOND, times.map((t) => time({ ...t, hashrateThSeconds: t.seconds * 100 })), []);
        const reasons = HISTORY_REASONS.reduce((sum, reason) => sum + day.byReason[reason], 0);
        // Each figure is rounded to two decimals on its own.
        expect(Math.abs(reasons - day.idleMachines)).toBeLessThanOrEqual(0.005 * (HISTORY_REASONS.length + 1));
      }),
    );
  });
});
