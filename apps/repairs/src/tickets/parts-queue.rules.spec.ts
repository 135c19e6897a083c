import fc from 'fast-check';
import { WaitingRequest, allocateArrivingStock, queueOrder, ticketReadyForRepair } from './parts-queue.rules';

const at = (minute: number) => new Date(Date.UTC(2025, 5, 1, 0, minute));
const request = (ticketId: string, missingQuantity: number, minute: number, sequence = minute): WaitingRequest => ({
  ticketId,
  missingQuantity,
  waitingSince: at(minute),
  sequence,
});

const queue = fc.uniqueArray(
  fc.record({
    ticketId: fc.uuid(),
    missingQuantity: fc.integer({ min: 1, max: 10 }),
    waitingSince: fc.integer({ min: 0, max: 60 }).map(at),
    sequence: fc.nat(),
  }),
  { selector: (r) => r.ticketId, maxLength: 20 },
);

describe('FIFO allocation of arriving parts', () => {
  it('serves the oldest first, whatever order the queue comes in', () => {
    const allocations = allocateArrivingStock([request('late', 1, 30), request('early', 2, 10)], 3);
    expect(allocations).toEqual([
      { ticketId: 'early', quantity: 2, stillMissing: 0 },
      { ticketId: 'late', quantity: 1, stillMissing: 0 },
    ]);
  });

  it('never lets a later, smaller request jump an earlier, larger one', () => {
    const allocations = allocateArrivingStock([request('big-first', 5, 1), request('small-later', 1, 2)], 3);
    expect(allocations).toEqual([{ ticketId: 'big-first', quantity: 3, stillMissing: 2 }]);
  });

  it('breaks ties in the same instant by sequence', () => {
    const allocations = allocateArrivingStock([request('second', 1, 5, 8), request('first', 1, 5, 7)], 1);
    expect(allocations.map((a) => a.ticketId)).toEqual(['first']);
  });

  it('allocates nothing when nothing is available', () => {
    expect(allocateArrivingStock([request('t', 1, 1)], 0)).toEqual([]);
  });

  it('hands out exactly what is available or needed, to a prefix of the queue, all complete but the last', () => {
    fc.assert(
      fc.property(queue, fc.integer({ min: 0, max: 80 }), (waiting, available) => {
        const before = JSON.stringify(waiting);
        const allocations = allocateArrivingStock(waiting, available);
        const ordered = [...waiting].sort(queueOrder);
        const totalMissing = ordered.reduce((sum, r) => sum + r.missingQuantity, 0);

        expect(allocations.reduce((sum, a) => sum + a.quantity, 0)).toBe(Math.min(available, totalMissing));
        expect(allocations.map((a) => a.ticketId)).toEqual(ordered.slice(0, allocations.length).map((r) => r.ticketId));
        allocations.forEach((allocation, i) => {
          expect(allocation.quantity).toBeGreaterThan(0);
          expect(allocation.quantity + allocation.stillMissing).toBe(ordered[i].missingQuantity);
          if (i < allocations.length - 1) expect(allocation.stillMissing).toBe(0);
        });
        expect(JSON.stringify(waiting)).toBe(before);
      }),
    );
  });
});

describe('ready for repair', () => {
  it('only once every missing line is covered', () => {
    expect(ticketReadyForRepair([{ sku: 'FAN-1', missingQuantity: 0 }, { sku: 'PSU-1', missingQuantity: 0 }])).toBe(true);
    expect(ticketReadyForRepair([{ sku: 'FAN-1', missingQuantity: 0 }, { sku: 'PSU-1', missingQuantity: 1 }])).toBe(false);
    expect(ticketReadyForRepair([])).toBe(true);
  });
});
