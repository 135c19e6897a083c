import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { PartsModule } from '../parts/parts.module';
import { StockModule } from '../stock/stock.module';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [LocationsModule, PartsModule, StockModule],
  providers: [DemoDataService],
})
export class DemoModule {}
