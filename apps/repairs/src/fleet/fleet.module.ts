import { Module } from '@nestjs/common';
import { CustomsHoldsFeed } from './customs-holds.messages';
import { FleetController } from './fleet.controller';
import { FleetService } from './fleet.service';
import { IdleImpact } from './idle-impact';
import { IdleNotifier } from './idle-notifier';
import { IdleStream } from './idle-stream';

@Module({
  controllers: [FleetController],
  providers: [FleetService, IdleImpact, IdleNotifier, IdleStream, CustomsHoldsFeed],
  exports: [FleetService, IdleImpact, IdleNotifier],
})
export class FleetModule {}
