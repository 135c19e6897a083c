import { Module } from '@nestjs/common';
import { ShipmentTrackingModule } from '../shipments/shipment-tracking.module';
import { TariffsModule } from '../tariffs/tariffs.module';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [ShipmentTrackingModule, TariffsModule],
  providers: [DemoDataService],
})
export class DemoModule {}
