import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module';
import { InventoryFeed } from './inventory-feed.messages';
import { PartsQueueWorker } from './parts-queue.worker';
import { ReservationReleaser } from './reservation-releaser';
import { TicketPartsService } from './ticket-parts.service';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

@Module({
  imports: [FleetModule],
  controllers: [TicketsController],
  providers: [TicketsService, TicketPartsService, PartsQueueWorker, ReservationReleaser, InventoryFeed],
  exports: [TicketsService, TicketPartsService],
})
export class TicketsModule {}
