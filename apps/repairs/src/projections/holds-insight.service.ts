import { decodeCursor, pageLimit, toPage } from '@app/common';
import { MS_PER_DAY } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { rankCustomsHolds, roundCount, roundHashrate, roundUsd } from '../projection';
import type { HoldInsightPageDto, HoldsInsightQuery } from './holds-insight.dto';
import { LiveDataRepository } from './live-data.repository';
import { DEFAULT_HASHPRICE_USD_PER_TH_DAY } from './projection-defaults';

@Injectable()
export class HoldsInsightService {
  constructor(private readonly live: LiveDataRepository) {}

  /** Active customs holds, the costliest first; a page is a slice of that ranking (cursor: the rank reached). */
  async rank(query: HoldsInsightQuery, now = new Date()): Promise<HoldInsightPageDto> {
    const hashprice = query.hashpriceUsdPerThDay ?? DEFAULT_HASHPRICE_USD_PER_TH_DAY;
    const [holds, waiting] = await Promise.all([this.live.activeHolds(), this.live.waitingTickets()]);
    const byShipment = new Map(holds.map((hold) => [hold.shipmentId + hold.holdId, hold]));
    const ranked = rankCustomsHolds(
      holds.map((hold) => ({
        // The hold id rides along so two holds of one shipment stay apart.
        shipmentId: hold.shipmentId + hold.holdId,
        reason: hold.reason ?? undefined,
        daysHeld: Math.max(0, Math.floor((now.getTime() - hold.openedAt.getTime()) / MS_PER_DAY)),
        destinationCode: hold.destinationCode,
        lines: hold.lines,
      })),
      waiting.map((row) => ({
        locationCode: row.locationCode,
        sku: row.sku,
        waitingMachines: 1,
        hashrateThsPerMachine: row.hashrateThs,
        hashrateLossFraction: row.hashrateLossFraction,
      })),
      hashprice,
    );
    const limit = pageLimit(query);
    const start = Number(decodeCursor(query.cursor, 1)?.[0] ?? 0);
    const rows = ranked.slice(start, start + limit + 1).map((insight, i) => ({ insight, rank: start + i + 1 }));
    return toPage(rows, limit, (row) => [row.rank], ({ insight }) => {
      const hold = byShipment.get(insight.shipmentId)!;
      const skus = new Set(hold.lines.map((line) => line.sku));
      const tickets = waiting.filter((row) => row.locationCode === hold.destinationCode && skus.has(row.sku)).map((row) => row.ticketId);
      return {
        holdId: hold.holdId,
        shipmentId: hold.shipmentId,
        reference: hold.reference,
        reason: insight.reason,
        daysHeld: insight.daysHeld ?? 0,
        destinationCode: insight.destinationCode,
        machinesUnblocked: insight.machinesUnblocked,
        lostHashrateThs: roundHashrate(insight.lostHashrateThs),
        usdPerDayStranded: roundUsd(insight.usdPerDayStranded),
        lines: insight.lines.map((line) => ({
          ...line,
          waitingMachines: roundCount(line.waitingMachines),
          lostHashrateThs: roundHashrate(line.lostHashrateThs),
          usdPerDay: roundUsd(line.usdPerDay),
        })),
        ticketsAffected: [...new Set(tickets)].sort(),
      };
    });
  }
}
