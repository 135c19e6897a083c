import { randomUUID } from 'node:crypto';

/** What every event on NATS carries; `id` is also the JetStream message id. */
export interface EventEnvelope<TData = unknown> {
  id: string;
  type: string;
  occurredAt: string;
  version: number;
  data: TData;
  /** The request (or event) that caused this one, for tracing across services. */
  correlationId?: string;
}

/** An event type: its subject (= type), schema version and payload class, declared once. */
export interface EventContract<TData extends object> {
  readonly subject: string;
  readonly version: number;
  readonly payload: new () => TData;
}

export function defineEvent<TData extends object>(subject: string, payload: new () => TData, version = 1): EventContract<TData> {
  return { subject, version, payload };
}

export function newEnvelope<TData extends object>(
  contract: EventContract<TData>,
  data: TData,
  correlationId?: string,
): EventEnvelope<TData> {
  return {
    id: randomUUID(),
    type: contract.subject,
    occurredAt: new Date().toISOString(),
    version: contract.version,
    data,
    ...(correlationId ? { correlationId } : {}),
  };
}

/**
 * The largest serialised envelope a service may emit: NATS refuses messages over its max_payload (1 MB
 * by default), and an outbox row it refuses would hold up every event behind it. Inputs are bounded so
 * that no use case comes near this; the check makes sure, before the transaction commits.
 */
export const MAX_EVENT_BYTES = 900_000;

/** The envelope as the outbox stores and the relay sends it; throws (nothing commits) when it is too large to publish. */
export function serialiseEnvelope(envelope: EventEnvelope): string {
  const json = JSON.stringify(envelope);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_EVENT_BYTES) {
    throw new Error(`event ${envelope.type} would be ${bytes} bytes, over the ${MAX_EVENT_BYTES} an event may take: not emitted`);
  }
  return json;
}

/** A request-reply command: subject, request and reply types, declared once. */
export interface RequestContract<TRequest extends object, TReply> {
  readonly subject: string;
  readonly request: new () => TRequest;
  /** Only a type marker: replies come from our own services. */
  readonly reply?: TReply;
}

export function defineRequest<TRequest extends object, TReply>(
  subject: string,
  request: new () => TRequest,
): RequestContract<TRequest, TReply> {
  return { subject, request };
}

/** The wire shape of a reply: either the result or a domain error the caller can rethrow. */
export type ReplyEnvelope<TReply> =
  | { ok: true; result: TReply }
  | { ok: false; error: { status: number; code: string; message: string; details?: Record<string, unknown> } };
