import { claimDemoSeed, runInContext, SERVICE_CONFIG, type ServiceConfig, Transactions, UnitOfWork } from '@app/common';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ShipmentsService } from '../shipments/shipments.service';
import { TrackingService } from '../shipments/tracking.service';
import { TARIFF_SEEDS } from '../tariffs/tariff-seeds';
import { TariffsService } from '../tariffs/tariffs.service';

const DAY_MS = 86_400_000;
const MARKER = 'shipments-demo-v1';

/**
 * First-start demo data (DEMO_DATA=true): the demo tariff schedule and three Shenzhen → Houston
 * shipments to the repair centers, one delivered, one in transit, one held by customs. Seeded through
 * the service's own use cases, so their events go out through the outbox like any other; one
 * transaction with its demo-seed claim makes it happen once, even with several replicas.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('demo-data');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly transactions: Transactions,
    private readonly tariffs: TariffsService,
    private readonly shipments: ShipmentsService,
    private readonly tracking: TrackingService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    await runInContext({ correlationId: randomUUID(), apiKeyName: 'demo-data' }, () =>
      this.transactions.run(async (unit) => {
        if (!(await claimDemoSeed(unit, MARKER))) return;
        await this.seed(unit);
        this.logger.log('demo tariffs and shipments seeded');
      }),
    );
  }

  private async seed(unit: UnitOfWork): Promise<void> {
    for (const seed of TARIFF_SEEDS) await this.tariffs.createIn(unit, { ...seed });
    const now = Date.now();
    const daysAgo = (days: number) => new Date(now - days * DAY_MS).toISOString();
    const lane = { originCountry: 'CN', originLocation: 'Shenzhen', portOfEntry: 'Houston', carrier: 'COSCO', freightUsd: '1850.00' };

    const delivered = await this.shipments.createIn(unit, {
      ...lane,
      reference: 'DEMO-SZX-HOU-0001',
      destinationCode: 'AR-REPAIR',
      trackingNumber: 'COSU6100000001',
      lines: [
        { sku: 'PSU-APW12', quantity: 40, declaredValueUsd: '5200.00', hsCode: '8504.40.95', countryOfOrigin: 'CN' },
        { sku: 'FAN-12038', quantity: 120, declaredValueUsd: '1800.00', hsCode: '8414.59.65', countryOfOrigin: 'CN' },
      ],
    });
    await this.tracking.recordIn(unit, delivered.id, { type: 'departed', at: daysAgo(45), location: 'Shenzhen (Yantian)' });
    await this.tracking.recordIn(unit, delivered.id, { type: 'arrived_at_port', at: daysAgo(17), location: 'Port of Houston' });
    await this.tracking.recordIn(unit, delivered.id, { type: 'delivered', at: daysAgo(14), location: 'AR-REPAIR' });

    const inTransit = await this.shipments.createIn(unit, {
      ...lane,
      reference: 'DEMO-SZX-HOU-0002',
      destinationCode: 'ND-REPAIR',
      trackingNumber: 'COSU6100000002',
      lines: [
        { sku: 'HB-S21-200', quantity: 12, declaredValueUsd: '9600.00', hsCode: '8473.30.11', countryOfOrigin: 'CN' },
        { sku: 'FAN-12038', quantity: 60, declaredValueUsd: '900.00', hsCode: '8414.59.65', countryOfOrigin: 'CN' },
      ],
    });
    await this.tracking.recordIn(unit, inTransit.id, { type: 'departed', at: daysAgo(10), location: 'Shenzhen (Yantian)' });

    const held = await this.shipments.createIn(unit, {
      ...lane,
      reference: 'DEMO-SZX-HOU-0003',
      destinationCode: 'OK-REPAIR',
      trackingNumber: 'COSU6100000003',
      lines: [
        { sku: 'HB-S21-200', quantity: 24, declaredValueUsd: '19200.00', hsCode: '8473.30.11', countryOfOrigin: 'CN' },
        { sku: 'PSU-APW12', quantity: 20, declaredValueUsd: '2600.00', hsCode: '8504.40.95', countryOfOrigin: 'CN' },
      ],
    });
    await this.tracking.recordIn(unit, held.id, { type: 'departed', at: daysAgo(32), location: 'Shenzhen (Yantian)' });
    await this.tracking.recordIn(unit, held.id, { type: 'arrived_at_port', at: daysAgo(9), location: 'Port of Houston' });
    await this.tracking.recordIn(unit, held.id, {
      type: 'customs_hold',
      at: daysAgo(8),
      location: 'Port of Houston',
      holdReason: 'inspection',
      agency: 'CBP',
      note: 'Operation Red Sunset: detained for hardware inspection, chips and firmware under examination',
      dailyStorageRateUsd: '35.00',
      freeStorageDays: 3,
    });
  }
}
