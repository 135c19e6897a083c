import { claimDemoSeed, runInContext, SERVICE_CONFIG, type ServiceConfig, Transactions, UnitOfWork } from '@app/common';
import { MS_PER_DAY } from '@app/common/domain';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ShipmentsService } from '../shipments/shipments.service';
import { TrackingService } from '../shipments/tracking.service';
import { TARIFF_SEEDS } from '../tariffs/tariff-seeds';
import { TariffsService } from '../tariffs/tariffs.service';
import { DEMO_SHIPMENTS } from './demo-shipments';

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
    for (const { shipment, events } of DEMO_SHIPMENTS) {
      const created = await this.shipments.createIn(unit, shipment);
      for (const { daysAgo, ...event } of events) {
        await this.tracking.recordIn(unit, created.id, { ...event, at: new Date(now - daysAgo * MS_PER_DAY).toISOString() });
      }
    }
  }
}
