import fc from 'fast-check';
import { ticketWindow } from './ticket-window.rules';

const DAY = 86_400_000;

describe('the ticket window split for counted days', () => {
  it('counts the whole days after the window’s first one up to two days before today', () => {
    const window = ticketWindow(new Date('2026-11-23T15:00:00Z'), 365, 2);
    expect(window).toEqual({
      since: new Date('2025-11-23T15:00:00Z'),
      countedFrom: '2025-11-24',
      countedTo: '2026-11-21',
      countedFromAt: new Date('2025-11-24T00:00:00Z'),
      recentFrom: new Date('2026-11-21T00:00:00Z'),
    });
  });

  it('counts nothing when the window holds no settled whole day', () => {
    const window = ticketWindow(new Date('2026-11-23T15:00:00Z'), 2, 2);
    expect(window.countedFrom).toBe('2026-11-22');
    expect(window.countedTo).toBe('2026-11-21');
    expect(window.recentFrom).toEqual(window.countedFromAt);
  });

  it('covers every instant of the window exactly once: read before, counted, or read after', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 1, max: 800 }),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (nowMs, windowDays, settled, position) => {
          const window = ticketWindow(new Date(nowMs), windowDays, settled);
          const at = window.since.getTime() + position * (nowMs - window.since.getTime());
          const readBefore = at >= window.since.getTime() && at < window.countedFromAt.getTime();
          const counted = at >= Date.parse(`${window.countedFrom}T00:00:00Z`) && at < Date.parse(`${window.countedTo}T00:00:00Z`);
          const readAfter = at >= window.recentFrom.getTime();
          expect([readBefore, counted, readAfter].filter(Boolean)).toHaveLength(1);
          // A counted day has settled: `settled` whole days have begun since it ended.
          if (counted) expect(Math.floor(nowMs / DAY) - Math.floor(at / DAY)).toBeGreaterThan(settled);
        },
      ),
    );
  });
});
