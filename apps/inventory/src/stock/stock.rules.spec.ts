import fc from 'fast-check';
import {
  EMPTY_BALANCE,
  InsufficientStock,
  LedgerEntry,
  StockBalance,
  TooFewUntrackedUnits,
  adjust,
  availableOf,
  balanceFromLedger,
  consume,
  crossedBelowReorderPoint,
  expectTransfer,
  labelUntracked,
  ledgerEntry,
  receive,
  release,
  reserve,
  transferIn,
  transferOut,
  untrackedUnits,
} from './stock.rules';

const balance = (onHand: number, reserved = 0, inTransit = 0): StockBalance => ({ onHand, reserved, inTransit });

describe('stock arithmetic', () => {
  it('available is on-hand less reserved', () => {
    expect(availableOf(balance(10, 3))).toBe(7);
  });

  it('a reservation raises reserved and leaves on-hand alone; consuming lowers both; releasing frees it', () => {
    const reserved = reserve(balance(10), 4) as StockBalance;
    expect(reserved).toEqual(balance(10, 4));
    expect(consume(reserved, 3)).toEqual(balance(7, 1));
    expect(release(reserved, 4)).toEqual(balance(10, 0));
  });

  it('refuses to reserve more than is available, saying how much is', () => {
    const refused = reserve(balance(10, 8), 3);
    expect(refused).toBeInstanceOf(InsufficientStock);
    expect(refused).toMatchObject({ code: 'insufficient_stock', status: 409, available: 2, requested: 3 });
  });

  it('an adjustment may not take on-hand below zero nor below reserved', () => {
    expect(adjust(balance(5), -6)).toMatchObject({ available: 5, requested: 6 });
    expect(adjust(balance(5, 4), -2)).toMatchObject({ available: 1, requested: 2 });
    expect(adjust(balance(5, 4), -1)).toEqual(balance(4, 4));
    expect(adjust(balance(5), 3)).toEqual(balance(8));
    expect(() => adjust(balance(5), 0)).toThrow(RangeError);
  });

  it('a transfer leaves the origin from free stock and waits in transit at the destination until it lands', () => {
    expect(transferOut(balance(5, 4), 2)).toMatchObject({ available: 1, requested: 2 });
    expect(transferOut(balance(5, 4), 1)).toEqual(balance(4, 4));
    const expected = expectTransfer(balance(1), 3);
    expect(expected).toEqual(balance(1, 0, 3));
    expect(transferIn(expected, 3)).toEqual(balance(4, 0, 0));
    expect(transferIn(expected, 4)).toMatchObject({ available: 3, requested: 4, pool: 'in_transit' });
  });

  it('releasing or consuming more than is reserved is refused', () => {
    expect(release(balance(5, 1), 2)).toMatchObject({ available: 1, requested: 2, pool: 'reserved' });
    expect(consume(balance(5, 1), 2)).toMatchObject({ available: 1, requested: 2, pool: 'reserved' });
  });

  it('rejects quantities the edge should never have let through', () => {
    expect(() => receive(EMPTY_BALANCE, 0)).toThrow(RangeError);
    expect(() => reserve(EMPTY_BALANCE, 1.5)).toThrow(RangeError);
  });
});

describe('ledger', () => {
  it('recomputes on-hand whichever sign outbound entries were written with', () => {
    const entries: LedgerEntry[] = [
      ledgerEntry('receipt', 10),
      ledgerEntry('adjustment', -2),
      { type: 'transfer_out', quantity: 3 },
      ledgerEntry('consume', 1),
      ledgerEntry('transfer_in', 4),
    ];
    expect(entries[2]).toEqual({ type: 'transfer_out', quantity: 3 });
    expect(ledgerEntry('transfer_out', 3)).toEqual({ type: 'transfer_out', quantity: -3 });
    expect(balanceFromLedger(entries)).toBe(8);
  });
});

describe('reorder point', () => {
  it('fires once, on the change that brings free stock to the point or under it', () => {
    expect(crossedBelowReorderPoint(balance(6), balance(5), 5)).toBe(true);
    expect(crossedBelowReorderPoint(balance(6), balance(6, 2), 5)).toBe(true);
    expect(crossedBelowReorderPoint(balance(5), balance(4), 5)).toBe(false);
    expect(crossedBelowReorderPoint(balance(4), balance(9), 5)).toBe(false);
  });
});

describe('serials of untracked units', () => {
  it('counts the units on hand without a serial', () => {
    expect(untrackedUnits(5, 3)).toBe(2);
    expect(untrackedUnits(3, 3)).toBe(0);
  });

  it('labels at most the untracked units, answering how many stay untracked', () => {
    expect(labelUntracked(5, 3, 2)).toBe(0);
    expect(labelUntracked(5, 1, 2)).toBe(2);
    const refused = labelUntracked(5, 4, 2);
    expect(refused).toBeInstanceOf(TooFewUntrackedUnits);
    expect(refused).toMatchObject({ untracked: 1, serials: 2 });
  });
});

describe('random movements across locations', () => {
  const LOCATIONS = 3;
  const location = fc.nat(LOCATIONS - 1);
  const quantity = fc.integer({ min: 1, max: 12 });
  const movement = fc.oneof(
    fc.record({ type: fc.constant('receipt' as const), at: location, quantity }),
    fc.record({ type: fc.constant('adjustment' as const), at: location, delta: fc.integer({ min: -12, max: 12 }).filter((d) => d !== 0) }),
    fc.record({ type: fc.constant('transfer' as const), at: location, to: location, quantity }),
    fc.record({ type: fc.constant('land' as const), pick: fc.nat() }),
    fc.record({ type: fc.constant('reserve' as const), at: location, quantity }),
    fc.record({ type: fc.constant('release' as const), at: location, quantity }),
    fc.record({ type: fc.constant('consume' as const), at: location, quantity }),
  );

  type LocalMovement = Exclude<typeof movement extends fc.Arbitrary<infer M> ? M : never, { type: 'land' }>;
  function ledgerEntryFor(m: LocalMovement): LedgerEntry | null {
    switch (m.type) {
      case 'receipt':
        return ledgerEntry('receipt', m.quantity);
      case 'adjustment':
        return ledgerEntry('adjustment', m.delta);
      case 'transfer':
        return ledgerEntry('transfer_out', m.quantity);
      case 'consume':
        return ledgerEntry('consume', m.quantity);
      case 'reserve':
      case 'release':
        return null;
    }
  }

  it('never lets on-hand go negative or reserved exceed on-hand, and the ledger always sums to on-hand', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 120 }), (movements) => {
        const balances: StockBalance[] = Array.from({ length: LOCATIONS }, () => EMPTY_BALANCE);
        const ledgers: LedgerEntry[][] = Array.from({ length: LOCATIONS }, () => []);
        const inFlight: { to: number; quantity: number }[] = [];
        let netIntake = 0;

        for (const m of movements) {
          if (m.type === 'land') {
            if (inFlight.length === 0) continue;
            const [transfer] = inFlight.splice(m.pick % inFlight.length, 1);
            balances[transfer.to] = transferIn(balances[transfer.to], transfer.quantity) as StockBalance;
            ledgers[transfer.to].push(ledgerEntry('transfer_in', transfer.quantity));
            continue;
          }
          const before = balances[m.at];
          let after: StockBalance | InsufficientStock;
          switch (m.type) {
            case 'receipt':
              after = receive(before, m.quantity);
              break;
            case 'adjustment':
              after = adjust(before, m.delta);
              break;
            case 'transfer':
              after = transferOut(before, m.quantity);
              break;
            case 'reserve':
              after = reserve(before, m.quantity);
              break;
            case 'release':
              after = release(before, m.quantity);
              break;
            case 'consume':
              after = consume(before, m.quantity);
              break;
          }
          if (after instanceof InsufficientStock) {
            expect(after.requested).toBeGreaterThan(after.available);
            continue;
          }
          balances[m.at] = after;
          // The ledger entry comes from the movement asked for, so the check is independent of the arithmetic.
          const entry = ledgerEntryFor(m);
          if (entry) ledgers[m.at].push(entry);
          if (entry && m.type !== 'transfer') netIntake += entry.quantity;
          if (m.type === 'transfer') {
            inFlight.push({ to: m.to, quantity: m.quantity });
            balances[m.to] = expectTransfer(balances[m.to], m.quantity);
          }
        }

        balances.forEach((b, i) => {
          expect(b.onHand).toBeGreaterThanOrEqual(0);
          expect(b.reserved).toBeGreaterThanOrEqual(0);
          expect(b.reserved).toBeLessThanOrEqual(b.onHand);
          expect(b.inTransit).toBe(inFlight.filter((t) => t.to === i).reduce((sum, t) => sum + t.quantity, 0));
          expect(balanceFromLedger(ledgers[i])).toBe(b.onHand);
        });
        // Transfers move stock, they never make or lose any.
        expect(balances.reduce((sum, b) => sum + b.onHand + b.inTransit, 0)).toBe(netIntake);
      }),
      { numRuns: 300 },
    );
  });
});
