import { claimDemoSeed, runInContext, SERVICE_CONFIG, type ServiceConfig, Transactions } from '@app/common';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { LocationsService } from '../locations/locations.service';
import { PartsService } from '../parts/parts.service';
import { StockService } from '../stock/stock.service';
import { DEMO_LOCATIONS, DEMO_PARTS, DEMO_STOCK } from './demo-catalog';

/**
 * Loads the demo catalog once, in one transaction, through the same use cases as the API (so its
 * events reach the other services). It runs before the consumers start, so the demo shipment the
 * shipments service delivers finds its parts already in the catalog.
 */
@Injectable()
export class DemoDataService implements OnModuleInit {
  private readonly logger = new Logger('demo-data');

  constructor(
    private readonly transactions: Transactions,
    private readonly locations: LocationsService,
    private readonly parts: PartsService,
    private readonly stock: StockService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.demoData) return;
    await runInContext({ correlationId: 'demo-data', apiKeyName: 'demo-data' }, () =>
      this.transactions.run(async (unit) => {
        if (!(await claimDemoSeed(unit, 'catalog'))) return;
        for (const location of DEMO_LOCATIONS) await this.locations.insert(unit, location);
        for (const part of DEMO_PARTS) await this.parts.insert(unit, part);
        for (const line of DEMO_STOCK) {
          const part = DEMO_PARTS.find((candidate) => candidate.sku === line.sku)!;
          if (line.quantity > 0) {
            const serials = part.serialized
              ? Array.from({ length: line.quantity }, (_, index) => `${line.sku}-${line.locationCode}-${String(index + 1).padStart(4, '0')}`)
              : undefined;
            await this.stock.receive(unit, { ...line, serials, reference: 'demo opening stock', source: 'receipt' });
          }
          await this.stock.setReorderPointIn(unit, { sku: line.sku, locationCode: line.locationCode, reorderPoint: line.reorderPoint });
        }
        this.logger.log(`demo catalog loaded: ${DEMO_LOCATIONS.length} locations, ${DEMO_PARTS.length} parts, opening stock`);
      }),
    );
  }
}
