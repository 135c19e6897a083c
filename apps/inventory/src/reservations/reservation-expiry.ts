import { Metrics } from '@app/common';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ReservationsService } from './reservations.service';

const SWEEP_EVERY_MS = 5_000;

/** The periodic sweep that releases reservations past their expiresAt, counted as expired. */
@Injectable()
export class ReservationExpiry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('reservation-expiry');
  private readonly expired: Counter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly reservations: ReservationsService,
    metrics: Metrics,
  ) {
    this.expired = new Counter({
      name: 'inventory_reservations_expired_total',
      help: 'Reservations released by the expiry sweep',
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /**
   * One pass, after any pass already running (never two at once), so whatever was due when it was
   * called is expired when it returns. Answers how many reservations this pass expired.
   */
  async sweep(): Promise<number> {
    while (this.running) await this.running;
    let count = 0;
    this.running = (async () => {
      try {
        count = await this.reservations.expireDue();
        if (count > 0) {
          this.expired.inc(count);
          this.logger.log(`expired ${count} reservations`);
        }
      } catch (error) {
        this.logger.warn(`expiry sweep failed: ${String(error)}`);
      }
    })();
    await this.running;
    this.running = undefined;
    return count;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
