import { mean, MS_PER_DAY, nearestRankPercentile } from '@app/common/domain';

/**
 * A shipment's ETA: departure (or creation, before it departs) + the median transit of
 * delivered shipments on its lane + the expected customs dwell. Transit excludes the time
 * those shipments spent held, so holds are counted once, through the dwell:
 * share of delivered shipments that were held × their mean days held. Dwell uses every
 * lane's history because holds depend on customs, not on where the goods came from.
 */

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

/**
 * The delivered history as the ETA uses it, summarised once for every shipment it estimates: per lane
 * the median transit, across lanes the customs dwell.
 */
export interface TransitHistory {
  /** By laneKey: the median transit in days, and how many deliveries it is the median of. */
  lanes: ReadonlyMap<string, { medianTransitDays: number; sampleSize: number }>;
  /** Deliveries on every lane. */
  sampleSize: number;
  /** Share of those deliveries that were held, and their mean days held; null without deliveries. */
  holdProbability: number | null;
  meanHoldDays: number | null;
}

export interface EtaInput {
  lane: Lane;
  createdAt: Date;
  departedAt: Date | null;
  /** Delivered shipments on any lane (summariseDeliveries). */
  history: TransitHistory;
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
  const elapsed = (shipment.deliveredAt.getTime() - shipment.departedAt.getTime()) / MS_PER_DAY;
  return Math.max(0, elapsed - shipment.heldDays);
}

export function summariseDeliveries(history: readonly DeliveredShipment[]): TransitHistory {
  const transitsByLane = new Map<string, number[]>();
  for (const shipment of history) {
    const key = laneKey(shipment.lane);
    const transits = transitsByLane.get(key) ?? [];
    transits.push(transitDays(shipment));
    transitsByLane.set(key, transits);
  }
  const lanes = new Map<string, { medianTransitDays: number; sampleSize: number }>();
  for (const [key, transits] of transitsByLane) {
    lanes.set(key, { medianTransitDays: nearestRankPercentile(transits, 50) as number, sampleSize: transits.length });
  }
  const held = history.filter((shipment) => shipment.heldDays > 0).map((shipment) => shipment.heldDays);
  return {
    lanes,
    sampleSize: history.length,
    holdProbability: history.length === 0 ? null : held.length / history.length,
    meanHoldDays: mean(held),
  };
}

export function estimateEta(input: EtaInput): Eta {
  if (!(input.defaultTransitDays >= 0 && Number.isFinite(input.defaultTransitDays))) {
    throw new RangeError(`defaultTransitDays must be a finite number ≥ 0, got ${input.defaultTransitDays}`);
  }
  const { history } = input;
  const lane = history.lanes.get(laneKey(input.lane));
  const expectedDwellDays = (history.holdProbability ?? 0) * (history.meanHoldDays ?? 0);
  const transit = lane?.medianTransitDays ?? input.defaultTransitDays;
  const start = input.departedAt ?? input.createdAt;
  return {
    eta: new Date(start.getTime() + (transit + expectedDwellDays) * MS_PER_DAY),
    transitDays: transit,
    expectedDwellDays,
    transitBasis: { source: lane ? 'lane_history' : 'default', sampleSize: lane?.sampleSize ?? 0 },
    dwellBasis: { sampleSize: history.sampleSize, holdProbability: history.holdProbability, meanHoldDays: history.meanHoldDays },
  };
}
