import { Module } from '@nestjs/common';
import { PartsModule } from '../parts/parts.module';
import { SerialConflictsController } from './serial-conflicts.controller';
import { SerialConflictsGauge } from './serial-conflicts.metrics';
import { SerialsController } from './serials.controller';
import { StockController } from './stock.controller';
import { StockMessages } from './stock.messages';
import { StockQueries } from './stock-queries.service';
import { SerialBook, StockBook } from './stock.repository';
import { StockService } from './stock.service';
import { TransfersController } from './transfers.controller';
import { TransfersService } from './transfers.service';

@Module({
  imports: [PartsModule],
  controllers: [TransfersController, StockController, SerialsController, SerialConflictsController],
  providers: [StockBook, SerialBook, StockService, StockQueries, TransfersService, StockMessages, SerialConflictsGauge],
  exports: [StockBook, SerialBook, StockService, StockQueries],
})
export class StockModule {}
