import { EventConsumers, InventoryEvents, KnownLocations, on, STREAMS } from '@app/common';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** Feeds the platform's known-locations read model from inventory's `location.created` events. */
@Injectable()
export class InventoryLocationsFeed implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly locations: KnownLocations,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: 'shipments-on-inventory',
      stream: STREAMS.inventory,
      filterSubject: InventoryEvents.locationCreated.subject,
      handlers: [on(InventoryEvents.locationCreated, (data, unit) => this.locations.learn(unit, data))],
    });
  }
}
