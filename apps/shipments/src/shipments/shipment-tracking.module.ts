import { Module } from '@nestjs/common';
import { HoldsController } from '../customs/holds.controller';
import { HoldsService } from '../customs/holds.service';
import { DutyController } from '../duty/duty.controller';
import { DutyService } from '../duty/duty.service';
import { ReportsController } from '../reports/reports.controller';
import { ReportsService } from '../reports/reports.service';
import { SettingsModule } from '../settings/settings.module';
import { TariffsModule } from '../tariffs/tariffs.module';
import { EtaService } from './eta.service';
import { ShipmentsController } from './shipments.controller';
import { ShipmentsRepository } from './shipments.repository';
import { ShipmentsService } from './shipments.service';
import { TrackingService } from './tracking.service';

/**
 * Shipments with their tracking, customs holds, duty and reports: one module because they read the
 * same shipment records (folders still split them by use case).
 */
@Module({
  imports: [TariffsModule, SettingsModule],
  controllers: [ShipmentsController, HoldsController, DutyController, ReportsController],
  providers: [ShipmentsRepository, ShipmentsService, TrackingService, EtaService, DutyService, HoldsService, ReportsService],
  exports: [ShipmentsService, TrackingService],
})
export class ShipmentTrackingModule {}
