import { EventConsumers, InventoryEvents, KnownLocations, on, STREAMS, UnitOfWork } from '@app/common';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PartsQueueWorker } from './parts-queue.worker';

/**
 * `repairs-on-inventory`: learns new locations, and wakes the waiting queue of a (SKU, center) when stock
 * may have become available there (a receipt, a transfer landing, a delivery, a release, an upward
 * adjustment). Handlers only wake the worker: reserving is request-reply and never runs in here.
 */
@Injectable()
export class InventoryFeed implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly locations: KnownLocations,
    private readonly queue: PartsQueueWorker,
  ) {}

  onModuleInit(): void {
    const wake = async (data: { sku: string; locationCode: string }, unit: UnitOfWork) => {
      const waiting: unknown[] = await unit.query(
        `SELECT 1 FROM repairs.waiting_parts WHERE sku = $1 AND location_code = $2 AND status = 'waiting' LIMIT 1`,
        [data.sku, data.locationCode],
      );
      // Waiting lines are not changed by this transaction, so the worker may start before it commits.
      if (waiting.length) setImmediate(() => void this.queue.wake(data.sku, data.locationCode));
    };
    this.consumers.register({
      durable: 'repairs-on-inventory',
      stream: STREAMS.inventory,
      filterSubject: 'inventory.>',
      handlers: [
        on(InventoryEvents.locationCreated, (data, unit) => this.locations.learn(unit, data)),
        on(InventoryEvents.stockReceived, wake),
        on(InventoryEvents.stockReleased, wake),
        on(InventoryEvents.stockAdjusted, async (data, unit) => {
          if (data.quantity > 0) await wake(data, unit);
        }),
      ],
    });
  }
}
