import { Module } from '@nestjs/common';
import { KnownLocationsService } from './known-locations.service';

@Module({
  providers: [KnownLocationsService],
  exports: [KnownLocationsService],
})
export class KnownLocationsModule {}
