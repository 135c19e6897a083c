import fc from 'fast-check';
import { KnownSerial, sortNamedSerials } from './serial-conflicts.rules';

const board = { sku: 'HB-S21', serialized: true };
const known = new Map<string, KnownSerial>([
  ['ON-SHELF', { sku: 'HB-S21', status: 'in_stock', locationCode: 'ND-REPAIR' }],
  ['ON-TRUCK', { sku: 'HB-S21', status: 'in_transit', locationCode: 'OK-REPAIR' }],
  ['A-PSU', { sku: 'PSU-APW12', status: 'consumed', locationCode: 'AR-REPAIR' }],
  ['FITTED', { sku: 'HB-S21', status: 'consumed', locationCode: 'AR-REPAIR' }],
]);

describe('sortNamedSerials', () => {
  it('tracks new serials and ones of this part that left stock, and names why each other one cannot be tracked', () => {
    const sorted = sortNamedSerials(['NEW-1', 'ON-SHELF', 'A-PSU', 'FITTED', 'NEW-1', 'ON-TRUCK', 'NEW-2'], board, 5, known);
    expect(sorted.trackable).toEqual(['NEW-1', 'FITTED']);
    expect(sorted.conflicts).toEqual([
      { serial: 'ON-SHELF', reason: 'already_tracked', known: known.get('ON-SHELF') },
      { serial: 'A-PSU', reason: 'other_part', known: known.get('A-PSU') },
      { serial: 'NEW-1', reason: 'repeated', known: null },
      { serial: 'ON-TRUCK', reason: 'already_tracked', known: known.get('ON-TRUCK') },
      { serial: 'NEW-2', reason: 'more_than_units', known: null },
    ]);
  });

  it('tracks no serial of a part that is not serialized', () => {
    const sorted = sortNamedSerials(['X-1', 'X-2'], { sku: 'FAN-1', serialized: false }, 2, new Map());
    expect(sorted.trackable).toEqual([]);
    expect(sorted.conflicts.map((conflict) => conflict.reason)).toEqual(['part_not_serialized', 'part_not_serialized']);
  });

  it('accounts for every serial named once, and tracks at most one unique, untracked serial per unit', () => {
    const serial = fc.constantFrom('ON-SHELF', 'ON-TRUCK', 'A-PSU', 'FITTED', 'N-1', 'N-2', 'N-3', 'N-4');
    fc.assert(
      fc.property(fc.array(serial, { maxLength: 12 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), (named, quantity, serialized) => {
        const { trackable, conflicts } = sortNamedSerials(named, { ...board, serialized }, quantity, known);
        expect([...trackable, ...conflicts.map((conflict) => conflict.serial)].sort()).toEqual([...named].sort());
        expect(new Set(trackable).size).toBe(trackable.length);
        expect(trackable.length).toBeLessThanOrEqual(quantity);
        for (const tracked of trackable) {
          const record = known.get(tracked);
          expect(!record || (record.sku === board.sku && record.status === 'consumed')).toBe(true);
        }
      }),
    );
  });
});
