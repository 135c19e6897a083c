/** A ticket waiting for one SKU at one repair center; a queue holds one SKU at one center. */
export interface WaitingRequest {
  ticketId: string;
  missingQuantity: number;
  waitingSince: Date;
  /** Breaks ties between requests that started waiting in the same instant, in arrival order. */
  sequence: number;
}

export interface PartsAllocation {
  ticketId: string;
  /** How many to reserve for this ticket now. */
  quantity: number;
  /** What the ticket still misses of this SKU after the reservation. */
  stillMissing: number;
}

export function queueOrder(a: WaitingRequest, b: WaitingRequest): number {
  return a.waitingSince.getTime() - b.waitingSince.getTime() || a.sequence - b.sequence;
}

/**
 * Shares `available` units among the waiting requests, strictly first come, first served: each request
 * in turn gets all it misses; the first one that cannot be covered gets what is left and nobody behind it
 * gets anything. A later, smaller request never jumps an earlier, larger one, so the oldest is not starved,
 * and the partial reservation keeps those units from being taken by a newcomer before the rest arrives.
 */
export function allocateArrivingStock(waiting: readonly WaitingRequest[], available: number): PartsAllocation[] {
  const allocations: PartsAllocation[] = [];
  let left = Math.max(0, available);
  for (const request of [...waiting].sort(queueOrder)) {
    if (left === 0) break;
    const quantity = Math.min(left, request.missingQuantity);
    if (quantity <= 0) continue;
    left -= quantity;
    allocations.push({ ticketId: request.ticketId, quantity, stillMissing: request.missingQuantity - quantity });
  }
  return allocations;
}

export interface MissingLine {
  sku: string;
  missingQuantity: number;
}

/** A ticket moves on to repairing only once every part it waited for is reserved. */
export function ticketReadyForRepair(missingLines: readonly MissingLine[]): boolean {
  return missingLines.every((line) => line.missingQuantity <= 0);
}
