import { Module } from '@nestjs/common';
import { KnownLocations } from './known-locations.service';

@Module({ providers: [KnownLocations], exports: [KnownLocations] })
export class KnownLocationsModule {}
