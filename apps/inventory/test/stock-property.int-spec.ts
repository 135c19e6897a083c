import fc from 'fast-check';
import { TestStack } from '../../../test/support/stack';
import { createPart, uniqueSku } from './fixtures';

jest.setTimeout(60_000);

const LOCATIONS = ['AR-REPAIR', 'ND-REPAIR'] as const;

type Operation =
  | { kind: 'receive'; at: number; quantity: number }
  | { kind: 'adjust'; at: number; delta: number; labelled: boolean }
  | { kind: 'transfer'; at: number; quantity: number }
  | { kind: 'land' }
  | { kind: 'reserve'; at: number; quantity: number }
  | { kind: 'consume' }
  | { kind: 'release' };

const location = fc.integer({ min: 0, max: 1 });
const quantity = fc.integer({ min: 1, max: 6 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), at: location, quantity }),
  fc.record({
    kind: fc.constant('adjust' as const), at: location, delta: fc.integer({ min: -6, max: 6 }).filter((delta) => delta !== 0), labelled: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('transfer' as const), at: location, quantity }),
  fc.record({ kind: fc.constant('land' as const) }),
  fc.record({ kind: fc.constant('reserve' as const), at: location, quantity }),
  fc.record({ kind: fc.constant('consume' as const) }),
  fc.record({ kind: fc.constant('release' as const) }),
);

describe('inventory: any sequence of stock operations', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('never goes negative or oversold, answers only 2xx or 409, and the audit always agrees (serials included)', async () => {
    const admin = stack.client('inventory');
    // A serialized part gets fresh serials on receipts and on half its positive adjustments (the rest come in untracked).
    const fresh = (serialized: boolean, quantity: number) => (serialized ? { serials: Array.from({ length: quantity }, () => uniqueSku('SN')) } : {});
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(operation, { minLength: 1, maxLength: 15 }), async (serialized, operations) => {
        const sku = await createPart(admin, serialized ? { category: 'hashboard', serialized } : {});
        const open: string[] = [];
        const transfers: string[] = [];
        for (const step of operations) {
          let response;
          switch (step.kind) {
            case 'receive':
              response = await admin.post('/stock/receipts', {
                sku, locationCode: LOCATIONS[step.at], quantity: step.quantity, ...fresh(serialized, step.quantity),
              });
              break;
            case 'adjust':
              response = await admin.post('/stock/adjustments', {
                sku, locationCode: LOCATIONS[step.at], delta: step.delta, reason: 'property', ...fresh(serialized && step.labelled && step.delta > 0, step.delta),
              });
              break;
            case 'transfer':
              response = await admin.post('/stock/transfers', {
                sku, fromLocationCode: LOCATIONS[step.at], toLocationCode: LOCATIONS[1 - step.at], quantity: step.quantity,
              });
              if (response.status === 201) transfers.push(response.body.id);
              break;
            case 'land':
              if (transfers.length === 0) continue;
              response = await admin.post(`/stock/transfers/${transfers.shift()}/receive`);
              break;
            case 'reserve':
              response = await admin.post('/reservations', { sku, locationCode: LOCATIONS[step.at], quantity: step.quantity });
              if (response.status === 201) open.push(response.body.id);
              break;
            case 'consume':
            case 'release':
              if (open.length === 0) continue;
              response = step.kind === 'consume'
                ? await admin.post(`/reservations/${open.shift()}/consume`)
                : await admin.delete(`/reservations/${open.shift()}`);
              break;
          }
          expect([200, 201, 409]).toContain(response.status);
        }
        const rows = (await admin.get(`/stock?sku=${sku}`)).body.items as Array<{ onHand: number; reserved: number; available: number; inTransit: number }>;
        for (const row of rows) {
          expect(row.reserved).toBeLessThanOrEqual(row.onHand);
          expect(Math.min(row.onHand, row.reserved, row.available, row.inTransit)).toBeGreaterThanOrEqual(0);
        }
        const audit = (await admin.get(`/stock/audit?sku=${sku}`)).body;
        expect(audit.mismatches).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
