import { UnitOfWork } from '@app/common';
import { Injectable } from '@nestjs/common';
import { SettingsService } from '../settings/settings.service';
import { EtaBasisDto } from './shipment.dto';
import { estimateEta } from './eta.rules';
import { ShipmentRow, ShipmentsRepository } from './shipments.repository';

/**
 * The ETA of one shipment from the pure eta rules and the delivered history. It is recomputed and
 * stored with each of the shipment's own events (so list and detail agree); once delivered it is
 * the delivery time.
 */
@Injectable()
export class EtaService {
  constructor(
    private readonly shipments: ShipmentsRepository,
    private readonly settings: SettingsService,
  ) {}

  async estimate(unit: UnitOfWork, shipment: ShipmentRow): Promise<{ eta: Date; basis: EtaBasisDto }> {
    if (shipment.status === 'delivered' && shipment.deliveredAt) {
      return {
        eta: shipment.deliveredAt,
        basis: {
          source: 'delivered', transitSampleSize: 0, transitDays: 0, expectedDwellDays: 0, dwellSampleSize: 0,
          holdProbability: null, meanHoldDays: null, from: shipment.deliveredAt.toISOString(),
        },
      };
    }
    const [history, settings] = await Promise.all([this.shipments.deliveredHistory(unit), this.settings.current(unit)]);
    const estimate = estimateEta({
      lane: { originCountry: shipment.originCountry, destinationCode: shipment.destinationCode },
      createdAt: shipment.createdAt,
      departedAt: shipment.departedAt,
      history: history.map((row) => ({
        lane: { originCountry: row.originCountry, destinationCode: row.destinationCode },
        departedAt: row.departedAt,
        deliveredAt: row.deliveredAt,
        heldDays: Number(row.heldDays),
      })),
      defaultTransitDays: settings.defaultTransitDays,
    });
    return {
      eta: estimate.eta,
      basis: {
        source: estimate.transitBasis.source,
        transitSampleSize: estimate.transitBasis.sampleSize,
        transitDays: round(estimate.transitDays),
        expectedDwellDays: round(estimate.expectedDwellDays),
        dwellSampleSize: estimate.dwellBasis.sampleSize,
        holdProbability: estimate.dwellBasis.holdProbability === null ? null : round(estimate.dwellBasis.holdProbability),
        meanHoldDays: estimate.dwellBasis.meanHoldDays === null ? null : round(estimate.dwellBasis.meanHoldDays),
        from: (shipment.departedAt ?? shipment.createdAt).toISOString(),
      },
    };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
