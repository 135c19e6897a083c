import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg } from 'nats';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { EventContract, EventEnvelope } from '../contracts/envelope';
import { StreamDefinition } from '../contracts/streams';
import { runInContext } from '../request-context';
import { validatePayload } from '../validation';
import { NatsConnectionHolder } from './nats-connection';
import { Transactions, UnitOfWork } from './transactions';

export type EventHandler<TData> = (data: TData, unit: UnitOfWork, envelope: EventEnvelope<TData>) => Promise<void>;

interface Registration {
  contract: EventContract<object>;
  handler: EventHandler<object>;
}

/** A durable consumer: one name shared by every replica of the service, so they split the load. */
export interface ConsumerDefinition {
  durable: string;
  stream: StreamDefinition;
  filterSubject: string;
  handlers: Registration[];
}

export function on<TData extends object>(contract: EventContract<TData>, handler: EventHandler<TData>): Registration {
  return { contract, handler: handler as EventHandler<object> };
}

const ACK_WAIT_MS = 30_000;

/**
 * Runs the service's durable JetStream consumers. Each message is handled in one transaction that
 * also records its event id in the inbox, so a redelivery, or a replay after the duplicate window,
 * changes nothing. The message is acknowledged only after that transaction commits. A message that
 * keeps failing is parked (table, metric, log line) after a bounded number of deliveries.
 */
@Injectable()
export class EventConsumers implements BeforeApplicationShutdown {
  private readonly logger = new Logger('event-consumers');
  private readonly definitions: ConsumerDefinition[] = [];
  private readonly running: Array<{ messages?: ConsumerMessages; loop: Promise<void> }> = [];
  private stopped = false;
  parkedCount = 0;

  constructor(
    private readonly nats: NatsConnectionHolder,
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  register(definition: ConsumerDefinition): void {
    this.definitions.push(definition);
  }

  async start(): Promise<void> {
    const jsm = await this.nats.jsm();
    for (const definition of this.definitions) {
      await jsm.consumers.add(definition.stream.name, {
        durable_name: definition.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: definition.filterSubject,
        ack_wait: ACK_WAIT_MS * 1_000_000,
        // Parking is ours to decide (it needs the database); the server keeps redelivering until then.
        max_deliver: -1,
      });
      const slot: { messages?: ConsumerMessages; loop: Promise<void> } = { loop: Promise.resolve() };
      slot.loop = this.consumeForever(definition, slot);
      this.running.push(slot);
    }
  }

  /** Messages each consumer has not yet been handed or has not acknowledged: the consumer lag. */
  async lag(): Promise<Array<{ durable: string; pending: number }>> {
    const jsm = await this.nats.jsm();
    return Promise.all(
      this.definitions.map(async (definition) => {
        const info = await jsm.consumers.info(definition.stream.name, definition.durable);
        return { durable: definition.durable, pending: info.num_pending + info.num_ack_pending };
      }),
    );
  }

  private async consumeForever(definition: ConsumerDefinition, slot: { messages?: ConsumerMessages }): Promise<void> {
    const handlers = new Map(definition.handlers.map((registration) => [registration.contract.subject, registration]));
    while (!this.stopped) {
      try {
        const consumer = await this.nats.js.consumers.get(definition.stream.name, definition.durable);
        slot.messages = await consumer.consume({ max_messages: 256 });
        for await (const message of slot.messages) {
          await this.handle(definition, handlers, message);
        }
      } catch (error) {
        if (!this.stopped) this.logger.warn(`consumer ${definition.durable} restarting: ${String(error)}`);
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async handle(definition: ConsumerDefinition, handlers: Map<string, Registration>, message: JsMsg): Promise<void> {
    const raw = message.string();
    let envelope: EventEnvelope<object>;
    try {
      envelope = JSON.parse(raw);
    } catch {
      await this.park(definition, message, raw, undefined, 'malformed JSON');
      return;
    }
    const registration = handlers.get(envelope.type ?? message.subject);
    if (!registration) {
      message.ack();
      return;
    }
    const checked = await validatePayload(registration.contract.payload, envelope.data);
    if (typeof envelope.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(envelope.id) || checked.errors.length) {
      await this.park(definition, message, raw, envelope.id, `invalid event: ${['id', ...checked.errors].join('; ')}`);
      return;
    }
    try {
      await runInContext({ correlationId: envelope.correlationId ?? envelope.id }, () =>
        this.transactions.run(async (unit) => {
          const fresh: unknown[] = await unit.query(
            `INSERT INTO ${this.config.service}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
            [definition.durable, envelope.id],
          );
          if (fresh.length === 0) return;
          await registration.handler(checked.value as object, unit, { ...envelope, data: checked.value as object });
        }),
      );
      message.ack();
    } catch (error) {
      const deliveries = message.info.deliveryCount;
      if (deliveries >= this.config.consumerMaxDeliver) {
        await this.park(definition, message, raw, envelope.id, String(error));
      } else {
        this.logger.warn(`${definition.durable}: ${envelope.type} ${envelope.id} failed (delivery ${deliveries}): ${String(error)}`);
        message.nak(Math.min(200 * 2 ** deliveries, 30_000));
      }
    }
  }

  private async park(definition: ConsumerDefinition, message: JsMsg, raw: string, eventId: string | undefined, error: string): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO ${this.config.service}.parked_messages (consumer, subject, event_id, payload, error, deliveries)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [definition.durable, message.subject, eventId ?? null, raw, error, message.info.deliveryCount],
      );
    } catch (parkError) {
      // Without the database we cannot park safely: leave it for redelivery.
      message.nak(5000);
      this.logger.error(`could not park ${message.subject} ${eventId ?? ''}: ${String(parkError)}`);
      return;
    }
    this.parkedCount += 1;
    this.logger.error(`${definition.durable}: parked ${message.subject} ${eventId ?? ''} after ${message.info.deliveryCount} deliveries: ${error}`);
    message.term(error.slice(0, 200));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const slot of this.running) slot.messages?.stop();
    await Promise.all(this.running.map((slot) => slot.loop.catch(() => undefined)));
  }
}
