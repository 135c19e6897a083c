import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ErrorCode, headers, Msg, NatsError, Subscription } from 'nats';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { ReplyEnvelope, RequestContract } from '../contracts/envelope';
import { DomainError, ServiceUnavailable } from '../errors';
import { currentContext, runInContext } from '../request-context';
import { validatePayload } from '../validation';
import { NatsConnectionHolder } from './nats-connection';

const CORRELATION_HEADER = 'x-correlation-id';

/** A domain error raised by the service that answered, passed on to our caller unchanged. */
export class RemoteDomainError extends DomainError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details);
  }
}

/** Asks another service over core NATS and waits, never longer than the configured timeout. */
@Injectable()
export class ServiceRequests {
  constructor(
    private readonly nats: NatsConnectionHolder,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async request<TRequest extends object, TReply>(
    contract: RequestContract<TRequest, TReply>,
    payload: TRequest,
    timeoutMs = this.config.requestTimeoutMs,
  ): Promise<TReply> {
    const requestHeaders = headers();
    const correlationId = currentContext()?.correlationId;
    if (correlationId) requestHeaders.set(CORRELATION_HEADER, correlationId);
    let message: Msg;
    try {
      message = await this.nats.nc.request(contract.subject, Buffer.from(JSON.stringify(payload)), {
        timeout: timeoutMs,
        headers: requestHeaders,
      });
    } catch (error) {
      const code = (error as NatsError).code;
      const why =
        code === ErrorCode.Timeout ? `did not answer within ${timeoutMs} ms`
        : code === ErrorCode.NoResponders ? 'is not running (no responders)'
        : `could not be reached (${String(error)})`;
      throw new ServiceUnavailable(`${contract.subject.split('.')[1]} ${why}; nothing was changed`);
    }
    const reply = JSON.parse(message.string()) as ReplyEnvelope<TReply>;
    if (!reply.ok) throw new RemoteDomainError(reply.error.status, reply.error.code, reply.error.message, reply.error.details);
    return reply.result;
  }
}

/** Answers requests in a queue group named after the service, so replicas share them. */
@Injectable()
export class RequestResponders implements OnApplicationShutdown {
  private readonly logger = new Logger('request-responders');
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nats: NatsConnectionHolder,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  answer<TRequest extends object, TReply>(
    contract: RequestContract<TRequest, TReply>,
    handler: (request: TRequest) => Promise<TReply>,
  ): void {
    const subscription = this.nats.nc.subscribe(contract.subject, {
      queue: this.config.service,
      callback: (error, message) => {
        if (error) return;
        void this.reply(contract, handler, message);
      },
    });
    this.subscriptions.push(subscription);
  }

  private async reply<TRequest extends object, TReply>(
    contract: RequestContract<TRequest, TReply>,
    handler: (request: TRequest) => Promise<TReply>,
    message: Msg,
  ): Promise<void> {
    let reply: ReplyEnvelope<TReply>;
    try {
      const checked = await validatePayload(contract.request, JSON.parse(message.string()));
      if (checked.errors.length) {
        reply = { ok: false, error: { status: 400, code: 'invalid_request', message: checked.errors.join('; ') } };
      } else {
        const correlationId = message.headers?.get(CORRELATION_HEADER) || undefined;
        const result = await runInContext({ correlationId: correlationId ?? contract.subject }, () => handler(checked.value as TRequest));
        reply = { ok: true, result };
      }
    } catch (error) {
      if (error instanceof DomainError) {
        reply = { ok: false, error: { status: error.status, code: error.code, message: error.message, details: error.details } };
      } else {
        this.logger.error(`${contract.subject} failed: ${String(error)}`);
        reply = { ok: false, error: { status: 503, code: 'service_unavailable', message: `${this.config.service} failed to answer` } };
      }
    }
    message.respond(Buffer.from(JSON.stringify(reply)));
  }

  onApplicationShutdown(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
