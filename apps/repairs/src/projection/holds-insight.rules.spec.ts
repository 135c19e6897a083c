import fc from 'fast-check';
import { ActiveCustomsHold, PartDemand, rankCustomsHolds } from './holds-insight.rules';

const demand: PartDemand[] = [
  { locationCode: 'AR-REPAIR', sku: 'PSU-APW12', waitingMachines: 12, hashrateThsPerMachine: 200 },
  { locationCode: 'AR-REPAIR', sku: 'HB-S21', waitingMachines: 4, hashrateThsPerMachine: 200, hashrateLossFraction: 1 / 3 },
  { locationCode: 'ND-REPAIR', sku: 'PSU-APW12', waitingMachines: 2, hashrateThsPerMachine: 100 },
];

describe('rankCustomsHolds', () => {
  it('values each hold by waiting machines it unblocks, capped by the quantity held', () => {
    const holds: ActiveCustomsHold[] = [
      { shipmentId: 'a', destinationCode: 'AR-REPAIR', daysHeld: 3, reason: 'inspection', lines: [{ sku: 'PSU-APW12', quantity: 5 }] },
      { shipmentId: 'b', destinationCode: 'AR-REPAIR', lines: [{ sku: 'PSU-APW12', quantity: 50 }, { sku: 'HB-S21', quantity: 3 }] },
      { shipmentId: 'c', destinationCode: 'ND-REPAIR', lines: [{ sku: 'PSU-APW12', quantity: 10 }] },
      { shipmentId: 'd', destinationCode: 'OK-REPAIR', daysHeld: 40, lines: [{ sku: 'PSU-APW12', quantity: 10 }] },
    ];
    const ranked = rankCustomsHolds(holds, demand, 0.05);
    expect(ranked.map((h) => h.shipmentId)).toEqual(['b', 'a', 'c', 'd']);
    const [b, a, c, d] = ranked;
    expect(b.lines[0]).toEqual({ sku: 'PSU-APW12', heldQuantity: 50, waitingMachines: 12, machinesUnblocked: 12, lostHashrateThs: 2400, usdPerDay: 120 });
    expect(b.lines[1].lostHashrateThs).toBeCloseTo(200, 9);
    expect(b.usdPerDayStranded).toBeCloseTo(130, 9);
    expect(b.machinesUnblocked).toBe(15);
    expect(a).toMatchObject({ machinesUnblocked: 5, usdPerDayStranded: 50, reason: 'inspection', daysHeld: 3 });
    expect(c.usdPerDayStranded).toBe(10);
    expect(d).toMatchObject({ machinesUnblocked: 0, usdPerDayStranded: 0, reason: null, daysHeld: 40 });
  });

  it('pools several demand rows for one SKU at one place with their average hashrate', () => {
    const rows: PartDemand[] = [
      { locationCode: 'AR-REPAIR', sku: 'FAN', waitingMachines: 2, hashrateThsPerMachine: 100 },
      { locationCode: 'AR-REPAIR', sku: 'FAN', waitingMachines: 2, hashrateThsPerMachine: 300 },
    ];
    const [hold] = rankCustomsHolds([{ shipmentId: 'x', destinationCode: 'AR-REPAIR', lines: [{ sku: 'FAN', quantity: 1 }] }], rows, 1);
    expect(hold.lostHashrateThs).toBe(200);
  });

  it('breaks ties by days held, then id, and never answers a negative amount', () => {
    const zero = (shipmentId: string, daysHeld?: number): ActiveCustomsHold => ({ shipmentId, daysHeld, destinationCode: 'X', lines: [] });
    expect(rankCustomsHolds([zero('b'), zero('a'), zero('c', 9)], demand, 0.05).map((h) => h.shipmentId)).toEqual(['c', 'a', 'b']);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 8 }), (quantities) => {
        const holds = quantities.map((quantity, i) => ({ shipmentId: `s${i}`, destinationCode: 'AR-REPAIR', lines: [{ sku: 'PSU-APW12', quantity }] }));
        const ranked = rankCustomsHolds(holds, demand, 0.05);
        ranked.forEach((h, i) => {
          expect(h.usdPerDayStranded).toBeGreaterThanOrEqual(0);
          expect(h.machinesUnblocked).toBeLessThanOrEqual(12);
          if (i > 0) expect(h.usdPerDayStranded).toBeLessThanOrEqual(ranked[i - 1].usdPerDayStranded);
        });
      }),
    );
  });
});
