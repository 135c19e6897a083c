import { AsyncLocalStorage } from 'node:async_hooks';

/** The Idempotency-Key claim a request runs under, as the claims table names it. */
export interface IdempotencyClaimRef {
  apiKeyId: string;
  key: string;
  /** The lease id (ProcessLease) of the process that claimed it. */
  owner: number;
}

/** Who and what caused the work in progress: carried into logs, the audit trail and the events it emits. */
export interface RequestContext {
  correlationId: string;
  apiKeyId?: string;
  apiKeyName?: string;
  role?: string;
  /** Set once the request holds an Idempotency-Key claim: each of its transactions confirms it before committing. */
  idempotencyClaim?: IdempotencyClaimRef;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Names the caller in the current request's context, once authentication knows it: the context is
 * opened before the caller is known (a Fastify hook, bootstrap.ts), so this fills it in place.
 */
export function identifyCaller(caller: { id: string; name: string; role: string }): void {
  const context = storage.getStore();
  if (!context) return;
  context.apiKeyId = caller.id;
  context.apiKeyName = caller.name;
  context.role = caller.role;
}

/** Who did it, for audit columns: the API key's name, or the system when no request is behind it. */
export function currentActor(): string {
  const context = storage.getStore();
  return context?.apiKeyName ?? 'system';
}
