import { AsyncLocalStorage } from 'node:async_hooks';

/** Who and what caused the work in progress: carried into logs, the audit trail and the events it emits. */
export interface RequestContext {
  correlationId: string;
  apiKeyId?: string;
  apiKeyName?: string;
  role?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Who did it, for audit columns: the API key's name, or the system when no request is behind it. */
export function currentActor(): string {
  const context = storage.getStore();
  return context?.apiKeyName ?? 'system';
}
