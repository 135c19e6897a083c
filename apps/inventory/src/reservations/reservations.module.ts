import { Module } from '@nestjs/common';
import { StockModule } from '../stock/stock.module';
import { ReservationExpiry } from './reservation-expiry';
import { ReservationsController } from './reservations.controller';
import { ReservationsMessages } from './reservations.messages';
import { ReservationsService } from './reservations.service';

@Module({
  imports: [StockModule],
  controllers: [ReservationsController],
  providers: [ReservationsService, ReservationsMessages, ReservationExpiry],
  exports: [ReservationsService],
})
export class ReservationsModule {}
