import { mean, nearestRankPercentile } from '@app/common/domain';

/**
 * A shipment's ETA: departure (or creation, before it departs) + the median transit of
 * delivered shipments on its lane + the expected customs dwell. Transit excludes the time
 * those shipments spent held, so holds are counted once, through the dwell:
 * share of delivered shipments that were held × their mean days held. Dwell uses every
 * lane's history because holds depend on customs, not on where the goods came from.
 */
const DAY_MS = 86_400_000;

export interface Lane {
  originCountry: string;
  destinationCode: string;
}

export interface DeliveredShipment {
  lane: Lane;
  departedAt: Date;
  deliveredAt: Date;
  /** Total days spent in customs holds on the way; 0 when never held. */
  heldDays: number;
}

export interface EtaInput {
  lane: Lane;
  createdAt: Date;
  departedAt: Date | null;
  /** Delivered shipments on any lane. */
  history: readonly DeliveredShipment[];
  /** Transit assumed when the lane has no delivered shipment yet. */
  defaultTransitDays: number;
}

export interface Eta {
  eta: Date;
  transitDays: number;
  expectedDwellDays: number;
  transitBasis: { source: 'lane_history' | 'default'; sampleSize: number };
  dwellBasis: { sampleSize: number; holdProbability: number | null; meanHoldDays: number | null };
}

export function laneKey(lane: Lane): string {
  return `${lane.originCountry}->${lane.destinationCode}`;
}

export function transitDays(shipment: DeliveredShipment): number {
  const elapsed = (shipment.deliveredAt.getTime() - shipment.departedAt.getTime()) / DAY_MS;
  return Math.max(0, elapsed - shipment.heldDays);
}

export function estimateEta(input: EtaInput): Eta {
  if (!(input.defaultTransitDays >= 0 && Number.isFinite(input.defaultTransitDays))) {
    throw new RangeError(`defaultTransitDays must be a finite number ≥ 0, got ${input.defaultTransitDays}`);
  }
  const key = laneKey(input.lane);
  const laneTransits = input.history.filter((shipment) => laneKey(shipment.lane) === key).map(transitDays);
  const medianTransit = nearestRankPercentile(laneTransits, 50);
  const held = input.history.filter((shipment) => shipment.heldDays > 0).map((shipment) => shipment.heldDays);
  const holdProbability = input.history.length === 0 ? null : held.length / input.history.length;
  const meanHoldDays = mean(held);
  const expectedDwellDays = (holdProbability ?? 0) * (meanHoldDays ?? 0);
  const transit = medianTransit ?? input.defaultTransitDays;
  const start = input.departedAt ?? input.createdAt;
  return {
    eta: new Date(start.getTime() + (transit + expectedDwellDays) * DAY_MS),
    transitDays: transit,
    expectedDwellDays,
    transitBasis: { source: medianTransit === null ? 'default' : 'lane_history', sampleSize: laneTransits.length },
    dwellBasis: { sampleSize: input.history.length, holdProbability, meanHoldDays },
  };
}
