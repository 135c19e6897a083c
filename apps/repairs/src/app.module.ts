import { createServiceApp, PlatformModule, type ServiceConfig } from '@app/common';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DashboardController } from './dashboard/dashboard.controller';
import { REPAIRS_MIGRATIONS } from './database/migrations';
import { DemoModule } from './demo/demo.module';
import { FleetModule } from './fleet/fleet.module';
import { MachinesModule } from './machines/machines.module';
import { ProjectionsModule } from './projections/projections.module';
import { ReportsModule } from './reports/reports.module';
import { TicketsModule } from './tickets/tickets.module';

@Module({ controllers: [DashboardController] })
class DashboardModule {}

@Module({})
export class RepairsModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: RepairsModule,
      imports: [
        // Raw SQL throughout (set-based bulk writes, counters): no TypeORM entities.
        PlatformModule.forService({ config, entities: [], migrations: REPAIRS_MIGRATIONS }),
        MachinesModule,
        FleetModule,
        TicketsModule,
        ProjectionsModule,
        ReportsModule,
        DashboardModule,
        DemoModule,
      ],
    };
  }
}

/** Builds the repairs app, migrated and (with DEMO_DATA) seeded; the caller decides where it listens. */
export function startRepairs(config: ServiceConfig): Promise<NestFastifyApplication> {
  return createServiceApp(RepairsModule.forRoot(config), config, {
    title: 'Repairs',
    description: 'The fleet of machines, repair tickets and their parts, idle-machine counts, reports and the mine managers\' dashboard.',
  });
}
