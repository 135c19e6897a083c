import { Cents, formatUsd, MS_PER_DAY, nearestRankPercentile, parseUsd } from '@app/common/domain';
import { HoldReason, TrackingEvent } from '../shipments/shipment-status.rules';

/**
 * Customs holds: how long goods sat, how holds are distributed, and what storage they cost.
 * Days held are fractional (hours count) so short holds are not lost in the statistics;
 * storage bills every started day, as bonded warehouses do.
 */

export interface CustomsHold {
  heldAt: Date;
  /** null while the goods are still held. */
  releasedAt: Date | null;
  reason: HoldReason;
}

export interface DwellStats {
  count: number;
  /** Nearest-rank, in days; null without holds. */
  medianDays: number | null;
  p90Days: number | null;
}

export interface StorageTerms {
  dailyRateUsd: string;
  /** Days the warehouse stores without charge before accrual starts. */
  freeDays: number;
}

/** The holds in a shipment's accepted events, oldest first: customs_hold opens one, customs_released closes it. */
export function customsHolds(events: readonly TrackingEvent[]): CustomsHold[] {
  const holds: CustomsHold[] = [];
  for (const event of events) {
    const open = holds.length > 0 && holds[holds.length - 1].releasedAt === null ? holds[holds.length - 1] : null;
    if (event.type === 'customs_hold' && !open && event.holdReason) {
      holds.push({ heldAt: event.at, releasedAt: null, reason: event.holdReason });
    } else if (event.type === 'customs_released' && open) {
      open.releasedAt = event.at;
    }
  }
  return holds;
}

/** Days from hold to release, or to `now` while still held; never negative. */
export function daysHeld(hold: Pick<CustomsHold, 'heldAt' | 'releasedAt'>, now: Date): number {
  const end = hold.releasedAt ?? now;
  return Math.max(0, end.getTime() - hold.heldAt.getTime()) / MS_PER_DAY;
}

export function dwellStats(heldDays: readonly number[]): DwellStats {
  return {
    count: heldDays.length,
    medianDays: nearestRankPercentile(heldDays, 50),
    p90Days: nearestRankPercentile(heldDays, 90),
  };
}

/** Every started day counts, after the free days. */
export function chargeableStorageDays(heldDays: number, freeDays: number): number {
  if (!Number.isSafeInteger(freeDays) || freeDays < 0) throw new RangeError(`freeDays must be a whole number ≥ 0, got ${freeDays}`);
  return Math.max(0, Math.ceil(heldDays) - freeDays);
}

/** Storage (demurrage) accrued so far: daily rate × chargeable days, exact to the cent. */
export function storageAccrued(
  hold: Pick<CustomsHold, 'heldAt' | 'releasedAt'>,
  now: Date,
  terms: StorageTerms,
): { chargeableDays: number; storageCostUsd: string } {
  const chargeableDays = chargeableStorageDays(daysHeld(hold, now), terms.freeDays);
  const cost: Cents = parseUsd(terms.dailyRateUsd) * BigInt(chargeableDays);
  return { chargeableDays, storageCostUsd: formatUsd(cost) };
}
