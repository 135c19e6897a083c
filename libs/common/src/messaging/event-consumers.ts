import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg } from 'nats';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { EventContract, EventEnvelope } from '../contracts/envelope';
import { StreamDefinition } from '../contracts/streams';
import { Conflict, NotFound } from '../errors';
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

/** A message read against its consumer: an event to handle, one to park (and why), or none of its business. */
type ReadEvent =
  | { kind: 'event'; registration: Registration; envelope: EventEnvelope<object>; data: object }
  | { kind: 'invalid'; eventId: string | undefined; reason: string }
  | { kind: 'ignored' };

/** already_handled: the consumer had handled the event before; replaying only unparks it. */
export const REPLAY_OUTCOMES = ['handled', 'already_handled'] as const;
export type ReplayOutcome = (typeof REPLAY_OUTCOMES)[number];

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
    while (!this.stopped) {
      try {
        const consumer = await this.nats.js.consumers.get(definition.stream.name, definition.durable);
        slot.messages = await consumer.consume({ max_messages: 256 });
        for await (const message of slot.messages) {
          await this.handle(definition, message);
        }
      } catch (error) {
        if (!this.stopped) this.logger.warn(`consumer ${definition.durable} restarting: ${String(error)}`);
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async readEvent(definition: ConsumerDefinition, raw: string, subject: string): Promise<ReadEvent> {
    let envelope: EventEnvelope<object>;
    try {
      envelope = JSON.parse(raw);
    } catch {
      return { kind: 'invalid', eventId: undefined, reason: 'malformed JSON' };
    }
    const type = envelope.type ?? subject;
    const registration = definition.handlers.find((candidate) => candidate.contract.subject === type);
    if (!registration) return { kind: 'ignored' };
    const checked = await validatePayload(registration.contract.payload, envelope.data);
    if (typeof envelope.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(envelope.id) || checked.errors.length) {
      return { kind: 'invalid', eventId: envelope.id, reason: `invalid event: ${['id', ...checked.errors].join('; ')}` };
    }
    return { kind: 'event', registration, envelope, data: checked.value as object };
  }

  /** In the caller's transaction: records the event in the inbox and runs its handler; false when it was handled before. */
  private async apply(definition: ConsumerDefinition, event: Extract<ReadEvent, { kind: 'event' }>, unit: UnitOfWork): Promise<boolean> {
    const fresh: unknown[] = await unit.query(
      `INSERT INTO ${this.config.service}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [definition.durable, event.envelope.id],
    );
    if (fresh.length === 0) return false;
    await event.registration.handler(event.data, unit, { ...event.envelope, data: event.data });
    return true;
  }

  private inEventContext<T>(envelope: EventEnvelope<object>, work: () => Promise<T>): Promise<T> {
    return runInContext({ correlationId: envelope.correlationId ?? envelope.id }, work);
  }

  private async handle(definition: ConsumerDefinition, message: JsMsg): Promise<void> {
    const raw = message.string();
    const event = await this.readEvent(definition, raw, message.subject);
    if (event.kind === 'ignored') {
      message.ack();
      return;
    }
    if (event.kind === 'invalid') {
      await this.park(definition, message, raw, event.eventId, event.reason);
      return;
    }
    try {
      await this.inEventContext(event.envelope, () => this.transactions.run((unit) => this.apply(definition, event, unit)));
      message.ack();
    } catch (error) {
      const deliveries = message.info.deliveryCount;
      if (deliveries >= this.config.consumerMaxDeliver) {
        await this.park(definition, message, raw, event.envelope.id, String(error));
      } else {
        this.logger.warn(`${definition.durable}: ${event.envelope.type} ${event.envelope.id} failed (delivery ${deliveries}): ${String(error)}`);
        message.nak(Math.min(200 * 2 ** deliveries, 30_000));
      }
    }
  }

  /**
   * Hands a parked event to its consumer's handler again, once an operator has fixed what made it fail
   * (GET /parked-messages shows why). The handler, the inbox entry and the parked row's removal are one
   * transaction, so the event is handled at most once and leaves the parked list exactly when it is. A
   * failure keeps it parked with the new error (409 `replay_failed`).
   */
  async replayParked(id: number): Promise<ReplayOutcome> {
    const schema = this.config.service;
    const rows: Array<{ consumer: string; subject: string; payload: string }> = await this.dataSource.query(
      `SELECT consumer, subject, payload FROM ${schema}.parked_messages WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) throw new NotFound('parked message', String(id));
    const parked = rows[0];
    const definition = this.definitions.find((candidate) => candidate.durable === parked.consumer);
    const event = definition ? await this.readEvent(definition, parked.payload, parked.subject) : ({ kind: 'ignored' } as const);
    if (!definition || event.kind === 'ignored') {
      throw new Conflict('parked_message_unroutable', `no handler of consumer ${parked.consumer} in this service takes ${parked.subject}`);
    }
    if (event.kind === 'invalid') throw new Conflict('parked_message_invalid', `the parked message is still refused: ${event.reason}`);
    let handled = false;
    let replayedElsewhere = false;
    try {
      await this.inEventContext(event.envelope, () =>
        this.transactions.run(async (unit) => {
          const unparked: unknown[] = await unit.query(`DELETE FROM ${schema}.parked_messages WHERE id = $1 RETURNING id`, [id]);
          replayedElsewhere = unparked.length === 0;
          if (replayedElsewhere) throw new NotFound('parked message', String(id));
          handled = await this.apply(definition, event, unit);
        }),
      );
    } catch (error) {
      if (replayedElsewhere) throw error;
      await this.dataSource.query(`UPDATE ${schema}.parked_messages SET error = $2 WHERE id = $1`, [id, String(error)]);
      throw new Conflict('replay_failed', `the event failed again and stays parked: ${String(error)}`);
    }
    this.logger.log(`${parked.consumer}: replayed parked ${parked.subject} ${event.envelope.id} (${handled ? 'handled' : 'handled before'})`);
    return handled ? 'handled' : 'already_handled';
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
    this.logger.error(`${definition.durable}: parked ${message.subject} ${eventId ?? ''} after ${message.info.deliveryCount} deliveries: ${error}`);
    message.term(error.slice(0, 200));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const slot of this.running) slot.messages?.stop();
    await Promise.all(this.running.map((slot) => slot.loop.catch(() => undefined)));
  }
}
