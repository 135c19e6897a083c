import { Module } from '@nestjs/common';
import { InventoryLocationsFeed } from './inventory-locations.feed';

@Module({ providers: [InventoryLocationsFeed] })
export class KnownLocationsModule {}
