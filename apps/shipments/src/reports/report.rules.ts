import { formatUsd, parseUsd, toCsv } from '@app/common/domain';
import { laneKey, Lane } from '../shipments/eta.rules';
import { SHIPMENT_STATUSES, ShipmentStatus } from '../shipments/shipment-status.rules';

/** Shipment and duty reports: counts by status, lane and origin, and duty paid by origin and month. */
export interface ShipmentForReport extends Lane {
  status: ShipmentStatus;
}

export interface DutyPaid {
  countryOfOrigin: string;
  /** YYYY-MM-DD */
  entryDate: string;
  dutyUsd: string;
}

export interface LaneCount extends Lane {
  lane: string;
  count: number;
}

export interface DutyByOriginMonth {
  countryOfOrigin: string;
  /** YYYY-MM */
  month: string;
  lineCount: number;
  dutyUsd: string;
}

/** Every status, zero included, so a dashboard's columns never move. */
export function shipmentsByStatus(shipments: readonly ShipmentForReport[]): Record<ShipmentStatus, number> {
  const counts = Object.fromEntries(SHIPMENT_STATUSES.map((status) => [status, 0])) as Record<ShipmentStatus, number>;
  for (const shipment of shipments) counts[shipment.status] += 1;
  return counts;
}

/** Busiest lane first. */
export function shipmentsByLane(shipments: readonly ShipmentForReport[]): LaneCount[] {
  const lanes = new Map<string, LaneCount>();
  for (const { originCountry, destinationCode } of shipments) {
    const lane = laneKey({ originCountry, destinationCode });
    const row = lanes.get(lane) ?? { lane, originCountry, destinationCode, count: 0 };
    row.count += 1;
    lanes.set(lane, row);
  }
  return [...lanes.values()].sort((a, b) => b.count - a.count || a.lane.localeCompare(b.lane));
}

/** Busiest origin first. */
export function shipmentsByOrigin(shipments: readonly ShipmentForReport[]): { originCountry: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const { originCountry } of shipments) counts.set(originCountry, (counts.get(originCountry) ?? 0) + 1);
  return [...counts.entries()]
    .map(([originCountry, count]) => ({ originCountry, count }))
    .sort((a, b) => b.count - a.count || a.originCountry.localeCompare(b.originCountry));
}

/** Exact sums, by month then origin. */
export function dutyByOriginAndMonth(lines: readonly DutyPaid[]): DutyByOriginMonth[] {
  const groups = new Map<string, { countryOfOrigin: string; month: string; lineCount: number; duty: bigint }>();
  for (const line of lines) {
    const month = line.entryDate.slice(0, 7);
    const key = `${month}|${line.countryOfOrigin}`;
    const group = groups.get(key) ?? { countryOfOrigin: line.countryOfOrigin, month, lineCount: 0, duty: 0n };
    group.lineCount += 1;
    group.duty += parseUsd(line.dutyUsd);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.month.localeCompare(b.month) || a.countryOfOrigin.localeCompare(b.countryOfOrigin))
    .map(({ duty, ...group }) => ({ ...group, dutyUsd: formatUsd(duty) }));
}

export function dutyByOriginAndMonthCsv(rows: readonly DutyByOriginMonth[]): string {
  return toCsv(
    ['month', 'countryOfOrigin', 'lineCount', 'dutyUsd'],
    rows.map((row) => [row.month, row.countryOfOrigin, row.lineCount, row.dutyUsd]),
  );
}
