import fc from 'fast-check';
import { TrackingEvent } from '../shipments/shipment-status.rules';
import { chargeableStorageDays, customsHolds, daysHeld, dwellStats, storageAccrued } from './hold.rules';

const day = (d: number) => new Date(Date.UTC(2025, 4, 1) + d * 86_400_000);

describe('customs holds from events', () => {
  const events: TrackingEvent[] = [
    { type: 'departed', at: day(0) },
    { type: 'arrived_at_port', at: day(20) },
    { type: 'customs_hold', at: day(21), holdReason: 'regulatory_review' },
    { type: 'exception', at: day(25) },
    { type: 'customs_released', at: day(35) },
    { type: 'customs_hold', at: day(36), holdReason: 'duties_unpaid' },
  ];

  it('opens a hold on customs_hold and closes it on customs_released', () => {
    expect(customsHolds(events)).toEqual([
      { heldAt: day(21), releasedAt: day(35), reason: 'regulatory_review' },
      { heldAt: day(36), releasedAt: null, reason: 'duties_unpaid' },
    ]);
  });

  it('counts fractional days, up to now while still held', () => {
    const [released, active] = customsHolds(events);
    expect(daysHeld(released, day(100))).toBe(14);
    expect(daysHeld(active, new Date(day(38).getTime() + 6 * 3_600_000))).toBe(2.25);
    expect(daysHeld(active, day(30))).toBe(0);
  });
});

describe('dwell statistics', () => {
  it('reports count, nearest-rank median and P90', () => {
    expect(dwellStats([2, 14, 3, 30, 7, 5, 9, 21, 1, 4])).toEqual({ count: 10, medianDays: 5, p90Days: 21 });
    expect(dwellStats([])).toEqual({ count: 0, medianDays: null, p90Days: null });
  });

  it('keeps the median within the P90', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 365, noNaN: true }), { minLength: 1 }), (days) => {
        const stats = dwellStats(days);
        return stats.count === days.length && stats.medianDays! <= stats.p90Days!;
      }),
    );
  });
});

describe('storage accrual', () => {
  const terms = { dailyRateUsd: '85.50', freeDays: 3 };

  it('bills every started day after the free days', () => {
    expect(chargeableStorageDays(0, 0)).toBe(0);
    expect(chargeableStorageDays(0.1, 0)).toBe(1);
    expect(chargeableStorageDays(3, 3)).toBe(0);
    expect(chargeableStorageDays(3.01, 3)).toBe(1);
    expect(() => chargeableStorageDays(5, 1.5)).toThrow(RangeError);
  });

  it('multiplies the daily rate exactly', () => {
    const hold = { heldAt: day(0), releasedAt: null };
    expect(storageAccrued(hold, new Date(day(13).getTime() + 1), terms)).toEqual({
      chargeableDays: 11,
      storageCostUsd: '940.50',
    });
    expect(storageAccrued({ heldAt: day(0), releasedAt: day(2) }, day(50), terms).storageCostUsd).toBe('0.00');
  });

  it('never decreases as time passes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), (a, extra) => {
        const hold = { heldAt: day(0), releasedAt: null };
        const earlier = storageAccrued(hold, new Date(day(0).getTime() + a), terms).chargeableDays;
        const later = storageAccrued(hold, new Date(day(0).getTime() + a + extra), terms).chargeableDays;
        return later >= earlier;
      }),
    );
  });
});
