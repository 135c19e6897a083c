import { Conflict } from '@app/common/errors';

/** One SKU at one location. `inTransit` is stock sent here by a transfer that has not landed yet. */
export interface StockBalance {
  readonly onHand: number;
  readonly reserved: number;
  readonly inTransit: number;
}

export const EMPTY_BALANCE: StockBalance = { onHand: 0, reserved: 0, inTransit: 0 };

export function availableOf(balance: StockBalance): number {
  return balance.onHand - balance.reserved;
}

/** Which quantity a movement draws on: what is free, what is reserved, or what is on its way. */
export type StockPool = 'available' | 'reserved' | 'in_transit';

/** 409: the movement asks for more than the pool it draws on holds; nothing changed. */
export class InsufficientStock extends Conflict {
  constructor(
    readonly available: number,
    readonly requested: number,
    readonly pool: StockPool = 'available',
  ) {
    super('insufficient_stock', `${requested} requested but only ${available} ${pool.replace('_', ' ')}`, { available, requested, pool });
  }
}

// Quantities are validated at the edge; a bad one here is a bug, not a client error.
function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be an integer ≥ 1, got ${quantity}`);
}

function drawn(pool: StockPool, held: number, quantity: number): InsufficientStock | null {
  assertQuantity(quantity);
  return quantity > held ? new InsufficientStock(held, quantity, pool) : null;
}

export function receive(balance: StockBalance, quantity: number): StockBalance {
  assertQuantity(quantity);
  return { ...balance, onHand: balance.onHand + quantity };
}

/** A count correction: it may not take on-hand below zero, nor below what is already promised to reservations. */
export function adjust(balance: StockBalance, delta: number): StockBalance | InsufficientStock {
  if (!Number.isInteger(delta) || delta === 0) throw new RangeError(`delta must be a non-zero integer, got ${delta}`);
  if (delta > 0) return receive(balance, delta);
  return drawn('available', availableOf(balance), -delta) ?? { ...balance, onHand: balance.onHand + delta };
}

/** At the origin: the stock leaves at once, and only free stock may leave. */
export function transferOut(balance: StockBalance, quantity: number): StockBalance | InsufficientStock {
  return drawn('available', availableOf(balance), quantity) ?? { ...balance, onHand: balance.onHand - quantity };
}

/** At the destination, when the transfer is sent: it counts as in transit on this row until it lands. */
export function expectTransfer(balance: StockBalance, quantity: number): StockBalance {
  assertQuantity(quantity);
  return { ...balance, inTransit: balance.inTransit + quantity };
}

/** At the destination, when the transfer lands. */
export function transferIn(balance: StockBalance, quantity: number): StockBalance | InsufficientStock {
  return (
    drawn('in_transit', balance.inTransit, quantity) ?? {
      ...balance,
      onHand: balance.onHand + quantity,
      inTransit: balance.inTransit - quantity,
    }
  );
}

export function reserve(balance: StockBalance, quantity: number): StockBalance | InsufficientStock {
  return drawn('available', availableOf(balance), quantity) ?? { ...balance, reserved: balance.reserved + quantity };
}

export function release(balance: StockBalance, quantity: number): StockBalance | InsufficientStock {
  return drawn('reserved', balance.reserved, quantity) ?? { ...balance, reserved: balance.reserved - quantity };
}

/** A reserved part goes into a machine: it leaves both the reservation and the shelf. */
export function consume(balance: StockBalance, quantity: number): StockBalance | InsufficientStock {
  return (
    drawn('reserved', balance.reserved, quantity) ?? {
      ...balance,
      onHand: balance.onHand - quantity,
      reserved: balance.reserved - quantity,
    }
  );
}

/** The ledger records what changes on-hand; reservations and in-transit stock are not in it. */
export const LEDGER_TYPES = ['receipt', 'adjustment', 'transfer_out', 'transfer_in', 'consume'] as const;
export type LedgerType = (typeof LEDGER_TYPES)[number];

export interface LedgerEntry {
  type: LedgerType;
  /** The signed change to on-hand: negative for transfer_out and consume, the delta for an adjustment. */
  quantity: number;
}

export function ledgerEntry(type: LedgerType, quantity: number): LedgerEntry {
  return { type, quantity: onHandChange({ type, quantity }) };
}

/** The sign follows the type, so an entry written with a positive outbound quantity still counts right. */
function onHandChange(entry: LedgerEntry): number {
  switch (entry.type) {
    case 'receipt':
    case 'transfer_in':
      return Math.abs(entry.quantity);
    case 'transfer_out':
    case 'consume':
      return -Math.abs(entry.quantity);
    case 'adjustment':
      return entry.quantity;
  }
}

/** On-hand recomputed from one row's ledger, to check the stored balance against its history. */
export function balanceFromLedger(entries: Iterable<LedgerEntry>): number {
  let onHand = 0;
  for (const entry of entries) onHand += onHandChange(entry);
  return onHand;
}

/**
 * True when this change brings free stock down to the reorder point or under it, having been above it:
 * a reorder point is the level that triggers replenishment, and firing only on the crossing keeps one
 * alert per dip instead of one per movement.
 */
export function crossedBelowReorderPoint(before: StockBalance, after: StockBalance, reorderPoint: number): boolean {
  return availableOf(before) > reorderPoint && availableOf(after) <= reorderPoint;
}

/** 409: more serials to label than units on hand without one; nothing changed. */
export class TooFewUntrackedUnits extends Conflict {
  constructor(
    readonly untracked: number,
    readonly serials: number,
  ) {
    super('too_few_untracked_units', `${serials} serials given, but units on hand without a serial: ${untracked}`, { untracked, serials });
  }
}

/**
 * Units of a serialized part on hand without a serial: received from shipments or harvests, or added
 * by adjustments that named none. Serials in stock never outnumber units on hand, so never negative.
 */
export function untrackedUnits(onHand: number, serialsInStock: number): number {
  return Math.max(0, onHand - serialsInStock);
}

/** Labelling gives serials to untracked units already on hand; the count does not change. */
export function labelUntracked(onHand: number, serialsInStock: number, serials: number): number | TooFewUntrackedUnits {
  const untracked = untrackedUnits(onHand, serialsInStock);
  return serials > untracked ? new TooFewUntrackedUnits(untracked, serials) : untracked - serials;
}
