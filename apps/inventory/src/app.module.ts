import { createServiceApp, PlatformModule, type ServiceConfig } from '@app/common';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INVENTORY_MIGRATIONS } from './database/migrations';
import { DemoModule } from './demo/demo.module';
import { LocationEntity } from './locations/location.entity';
import { LocationsModule } from './locations/locations.module';
import { PartsModule } from './parts/parts.module';
import { ReservationsModule } from './reservations/reservations.module';
import { StockModule } from './stock/stock.module';

@Module({})
export class InventoryModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: InventoryModule,
      imports: [
        PlatformModule.forService({ config, entities: [LocationEntity], migrations: INVENTORY_MIGRATIONS }),
        LocationsModule,
        PartsModule,
        StockModule,
        ReservationsModule,
        DemoModule,
      ],
    };
  }
}

/** Builds the inventory app, migrated and ready; the caller decides where it listens. */
export function startInventory(config: ServiceConfig): Promise<NestFastifyApplication> {
  return createServiceApp(InventoryModule.forRoot(config), config, {
    title: 'Inventory',
    description: 'Parts catalog, locations, the stock ledger, transfers and reservations.',
  });
}
