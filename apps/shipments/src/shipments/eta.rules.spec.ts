import fc from 'fast-check';
import { DeliveredShipment, estimateEta, Lane, summariseDeliveries, transitDays } from './eta.rules';

const day = (d: number) => new Date(Date.UTC(2025, 4, 1) + d * 86_400_000);
const shenzhenToHouston: Lane = { originCountry: 'CN', destinationCode: 'RC-OKLAHOMA' };
const penangToHouston: Lane = { originCountry: 'MY', destinationCode: 'RC-OKLAHOMA' };
const delivered = (lane: Lane, departed: number, arrived: number, heldDays = 0): DeliveredShipment => ({
  lane,
  departedAt: day(departed),
  deliveredAt: day(arrived),
  heldDays,
});

describe('ETA', () => {
  const history = [
    delivered(shenzhenToHouston, 0, 30),
    delivered(shenzhenToHouston, 0, 48, 20), // 28 days moving, 20 held
    delivered(shenzhenToHouston, 0, 35),
    delivered(penangToHouston, 0, 40, 10),
  ];

  it('excludes time held from transit', () => {
    expect(transitDays(history[1])).toBe(28);
  });

  it('adds the lane median transit and the expected dwell to the departure', () => {
    const eta = estimateEta({ lane: shenzhenToHouston, createdAt: day(-5), departedAt: day(10), history: summariseDeliveries(history), defaultTransitDays: 42 });
    expect(eta).toEqual({
      eta: new Date(day(10).getTime() + (30 + 7.5) * 86_400_000),
      transitDays: 30,
      expectedDwellDays: 7.5, // 2 of 4 held, 15 days on average
      transitBasis: { source: 'lane_history', sampleSize: 3 },
      dwellBasis: { sampleSize: 4, holdProbability: 0.5, meanHoldDays: 15 },
    });
  });

  it('counts from creation before departure, and uses the default transit for a new lane', () => {
    const lane = { originCountry: 'TH', destinationCode: 'RC-ARKANSAS' };
    const eta = estimateEta({ lane, createdAt: day(0), departedAt: null, history: summariseDeliveries([]), defaultTransitDays: 42 });
    expect(eta).toEqual({
      eta: day(42),
      transitDays: 42,
      expectedDwellDays: 0,
      transitBasis: { source: 'default', sampleSize: 0 },
      dwellBasis: { sampleSize: 0, holdProbability: null, meanHoldDays: null },
    });
  });

  it('takes each lane its own median, in any order of the history, and the dwell from every lane', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(history, { minLength: history.length }), (shuffled) => {
        const summary = summariseDeliveries(shuffled);
        expect(summary.lanes.get('CN->RC-OKLAHOMA')).toEqual({ medianTransitDays: 30, sampleSize: 3 });
        expect(summary.lanes.get('MY->RC-OKLAHOMA')).toEqual({ medianTransitDays: 30, sampleSize: 1 });
        expect(summary).toMatchObject({ sampleSize: 4, holdProbability: 0.5, meanHoldDays: 15 });
      }),
    );
  });

  it('refuses a meaningless default', () => {
    expect(() => estimateEta({ lane: shenzhenToHouston, createdAt: day(0), departedAt: null, history: summariseDeliveries(history), defaultTransitDays: -1 })).toThrow(
      RangeError,
    );
  });

  it('never puts the ETA before the start, and longer past holds never make it earlier', () => {
    const shipment = fc
      .record({ departed: fc.integer({ min: 0, max: 100 }), moving: fc.integer({ min: 0, max: 90 }), held: fc.integer({ min: 0, max: 60 }) })
      .map(({ departed, moving, held }) => delivered(shenzhenToHouston, departed, departed + moving + held, held));
    fc.assert(
      fc.property(fc.array(shipment, { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 60 }), (past, pick, extra) => {
        const input = { lane: shenzhenToHouston, createdAt: day(0), departedAt: day(1), history: summariseDeliveries(past), defaultTransitDays: 42 };
        const eta = estimateEta(input);
        expect(eta.eta.getTime()).toBeGreaterThanOrEqual(day(1).getTime());
        // Probability × mean of held shipments is the mean hold over all shipments.
        const totalHeld = past.reduce((sum, s) => sum + s.heldDays, 0);
        expect(eta.expectedDwellDays).toBeCloseTo(totalHeld / past.length, 9);
        const longer = past.map((s, i) =>
          i === pick % past.length ? { ...s, heldDays: s.heldDays + extra, deliveredAt: new Date(s.deliveredAt.getTime() + extra * 86_400_000) } : s,
        );
        expect(estimateEta({ ...input, history: summariseDeliveries(longer) }).eta.getTime()).toBeGreaterThanOrEqual(eta.eta.getTime());
      }),
    );
  });
});
