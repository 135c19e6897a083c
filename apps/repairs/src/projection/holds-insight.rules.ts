/**
 * Which customs holds to chase first: each active hold ranked by the revenue per day its parts would
 * restore, i.e. machines at the destination waiting for the held SKUs, up to the quantity held.
 * Each hold is valued on its own (what releasing it alone would recover), so two holds of the same
 * SKU may both claim the same waiting machines.
 */
export interface ActiveCustomsHold {
  shipmentId: string;
  reason?: string;
  daysHeld?: number;
  destinationCode: string;
  lines: { sku: string; quantity: number }[];
}

/** Machines at a location waiting for a part; several rows for one (location, SKU) are pooled. */
export interface PartDemand {
  locationCode: string;
  sku: string;
  waitingMachines: number;
  hashrateThsPerMachine: number;
  hashrateLossFraction?: number;
}

export interface HoldLineInsight {
  sku: string;
  heldQuantity: number;
  waitingMachines: number;
  machinesUnblocked: number;
  lostHashrateThs: number;
  usdPerDay: number;
}

export interface HoldInsight {
  shipmentId: string;
  reason: string | null;
  daysHeld: number | null;
  destinationCode: string;
  machinesUnblocked: number;
  lostHashrateThs: number;
  usdPerDayStranded: number;
  lines: HoldLineInsight[];
}

interface PooledDemand {
  waitingMachines: number;
  lostThs: number;
}

const demandKey = (locationCode: string, sku: string) => `${locationCode}\u0000${sku}`;

function poolDemand(demand: PartDemand[]): Map<string, PooledDemand> {
  const pooled = new Map<string, PooledDemand>();
  for (const row of demand) {
    const key = demandKey(row.locationCode, row.sku);
    const current = pooled.get(key) ?? { waitingMachines: 0, lostThs: 0 };
    current.waitingMachines += row.waitingMachines;
    current.lostThs += row.waitingMachines * row.hashrateThsPerMachine * (row.hashrateLossFraction ?? 1);
    pooled.set(key, current);
  }
  return pooled;
}

export function rankCustomsHolds(holds: ActiveCustomsHold[], demand: PartDemand[], hashpriceUsdPerThDay: number): HoldInsight[] {
  const pooled = poolDemand(demand);
  const insights = holds.map((hold): HoldInsight => {
    const lines = hold.lines.map((line): HoldLineInsight => {
      const waiting = pooled.get(demandKey(hold.destinationCode, line.sku)) ?? { waitingMachines: 0, lostThs: 0 };
      const machinesUnblocked = Math.min(line.quantity, waiting.waitingMachines);
      // Pooled rows share one average lost hashrate per waiting machine.
      const lostHashrateThs = machinesUnblocked === 0 ? 0 : (waiting.lostThs / waiting.waitingMachines) * machinesUnblocked;
      return {
        sku: line.sku,
        heldQuantity: line.quantity,
        waitingMachines: waiting.waitingMachines,
        machinesUnblocked,
        lostHashrateThs,
        usdPerDay: lostHashrateThs * hashpriceUsdPerThDay,
      };
    });
    return {
      shipmentId: hold.shipmentId,
      reason: hold.reason ?? null,
      daysHeld: hold.daysHeld ?? null,
      destinationCode: hold.destinationCode,
      machinesUnblocked: lines.reduce((sum, l) => sum + l.machinesUnblocked, 0),
      lostHashrateThs: lines.reduce((sum, l) => sum + l.lostHashrateThs, 0),
      usdPerDayStranded: lines.reduce((sum, l) => sum + l.usdPerDay, 0),
      lines,
    };
  });
  // Most money first; then the longest-held; then by id so equal holds keep a stable order.
  return insights.sort(
    (a, b) =>
      b.usdPerDayStranded - a.usdPerDayStranded ||
      (b.daysHeld ?? 0) - (a.daysHeld ?? 0) ||
      (a.shipmentId < b.shipmentId ? -1 : a.shipmentId > b.shipmentId ? 1 : 0),
  );
}
