import { createServiceApp, PlatformModule, type ServiceConfig } from '@app/common';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SHIPMENTS_MIGRATIONS } from './database/migrations';
import { DemoModule } from './demo/demo.module';
import { KnownLocationsModule } from './locations/known-locations.module';
import { SettingsModule } from './settings/settings.module';
import { ShipmentTrackingModule } from './shipments/shipment-tracking.module';
import { TariffsModule } from './tariffs/tariffs.module';

@Module({})
export class ShipmentsModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ShipmentsModule,
      imports: [
        // Raw SQL throughout: no TypeORM entities.
        PlatformModule.forService({ config, entities: [], migrations: SHIPMENTS_MIGRATIONS }),
        KnownLocationsModule,
        SettingsModule,
        TariffsModule,
        ShipmentTrackingModule,
        DemoModule,
      ],
    };
  }
}

/** Builds the shipments app, migrated (and, with DEMO_DATA, seeded) and ready; the caller decides where it listens. */
export function startShipments(config: ServiceConfig): Promise<NestFastifyApplication> {
  return createServiceApp(ShipmentsModule.forRoot(config), config, {
    title: 'Shipments',
    description: 'Shipments and their tracking events, customs holds, tariffs, duty and landed cost, ETAs and reports.',
  });
}
