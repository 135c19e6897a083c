import { UnitOfWork } from '@app/common';
import { Injectable } from '@nestjs/common';
import { SettingsService } from '../settings/settings.service';
import { EtaBasisDto } from './shipment.dto';
import { estimateEta, summariseDeliveries, TransitHistory } from './eta.rules';
import { ShipmentRow, ShipmentsRepository } from './shipments.repository';

/** The most recent deliveries the ETA learns from. */
const HISTORY_DELIVERIES = 2000;
/** How long a summarised history serves before it is read again: deliveries another replica records show within this. */
const HISTORY_REFRESH_MS = 10_000;

/**
 * The ETA of one shipment from the pure eta rules and the delivered history. It is recomputed and
 * stored with each of the shipment's own events (so list and detail agree); once delivered it is
 * the delivery time. The history is read and summarised once for many events (reading 2,000
 * deliveries took two thirds of an event's time), and read again after a delivery here.
 */
@Injectable()
export class EtaService {
  private summary?: { loadedAt: number; history: TransitHistory };
  /** Bumped by every delivery written here, so a summary read before it is not kept. */
  private deliveries = 0;
  /** Transactions that wrote a delivery: they read the history afresh (with it) and keep nothing. */
  private readonly delivering = new WeakSet<UnitOfWork>();

  constructor(
    private readonly shipments: ShipmentsRepository,
    private readonly settings: SettingsService,
  ) {}

  /** `unit` wrote a delivery: call forgetHistory again once it has ended (others read without it until it commits). */
  deliveryWritten(unit: UnitOfWork): void {
    this.delivering.add(unit);
    this.forgetHistory();
  }

  /** The next estimate reads the history again. */
  forgetHistory(): void {
    this.deliveries += 1;
    this.summary = undefined;
  }

  /**
   * Read through the caller's transaction, never a second connection, which a full pool could not
   * give while its transactions wait for this.
   */
  private async transitHistory(unit: UnitOfWork): Promise<TransitHistory> {
    const kept = this.summary;
    const ownDelivery = this.delivering.has(unit);
    if (kept && !ownDelivery && Date.now() - kept.loadedAt < HISTORY_REFRESH_MS) return kept.history;
    const deliveries = this.deliveries;
    const loadedAt = Date.now();
    const rows = await this.shipments.deliveredHistory(unit, HISTORY_DELIVERIES);
    const history = summariseDeliveries(
      rows.map((row) => ({
        lane: { originCountry: row.originCountry, destinationCode: row.destinationCode },
        departedAt: row.departedAt,
        deliveredAt: row.deliveredAt,
        heldDays: Number(row.heldDays),
      })),
    );
    if (!ownDelivery && deliveries === this.deliveries) this.summary = { loadedAt, history };
    return history;
  }

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
    const history = await this.transitHistory(unit);
    const settings = await this.settings.current(unit);
    const estimate = estimateEta({
      lane: { originCountry: shipment.originCountry, destinationCode: shipment.destinationCode },
      createdAt: shipment.createdAt,
      departedAt: shipment.departedAt,
      history,
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
