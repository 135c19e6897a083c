import { groupBy, MS_PER_DAY } from '@app/common/domain';
import { IllegalTransition, isFinal, RE_FAILURE_WINDOW_DAYS, replayHistory } from '../tickets/ticket.rules';
import { PAST_DAYS, pastTickets, seededRandom, type DemoMachine } from './past-tickets';

describe('demo repair history', () => {
  const fleet: DemoMachine[] = Array.from({ length: 500 }, (_, i) => ({ serial: `M-${i}`, siteCode: 'TX', model: 'S21', hashrateThs: 200 }));
  const now = new Date(Date.UTC(2026, 10, 23));
  const history = pastTickets(fleet, ['AR-REPAIR', 'ND-REPAIR', 'OK-REPAIR'], now, seededRandom(42));

  it('walks every ticket legally from reported to a final status, opened in the window and closed by now, in the order opened', () => {
    expect(history.length).toBeGreaterThan(150);
    for (const plan of history) {
      const end = replayHistory(plan.history);
      expect(end).not.toBeInstanceOf(IllegalTransition);
      expect(isFinal(end as Exclude<typeof end, IllegalTransition>)).toBe(true);
      const times = plan.history.map((entry) => entry.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBeGreaterThanOrEqual(now.getTime() - PAST_DAYS * MS_PER_DAY);
      expect(times[times.length - 1]).toBeLessThanOrEqual(now.getTime());
    }
    const opened = history.map((plan) => plan.history[0].at.getTime());
    expect(opened).toEqual([...opened].sort((a, b) => a - b));
  });

  it('has what a repair history has: repairs with a part, no fault found, parts waits, scraps and machines back within the window', () => {
    const ends = history.map((plan) => plan.history[plan.history.length - 1].status);
    const returned = history.filter((plan, i) => ends[i] === 'returned');
    expect(returned.length / history.length).toBeGreaterThan(0.75);
    expect(returned.every((plan) => plan.partsConsumed === (plan.history.some((entry) => entry.status === 'repairing') ? 1 : 0))).toBe(true);
    expect(returned.filter((plan) => plan.partsConsumed === 0).length).toBeGreaterThan(5);
    expect(ends).toContain('scrapped');
    expect(history.some((plan) => plan.history.some((entry) => entry.status === 'awaiting_parts'))).toBe(true);
    const cameBack = [...groupBy(history, (plan) => plan.machine.serial).values()].filter((tickets) => tickets.length > 1).map(([first, second]) => {
      const returnedAt = first.history[first.history.length - 1].at.getTime();
      return (second.history[0].at.getTime() - returnedAt) / MS_PER_DAY;
    });
    expect(cameBack.length).toBeGreaterThan(0);
    expect(cameBack.every((days) => days > 0 && days <= RE_FAILURE_WINDOW_DAYS)).toBe(true);
  });

  it('is the same history for the same seed', () => {
    expect(pastTickets(fleet, ['AR-REPAIR'], now, seededRandom(42))).toEqual(pastTickets(fleet, ['AR-REPAIR'], now, seededRandom(42)));
  });
});
