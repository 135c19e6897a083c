/**
 * Domain errors: services throw these, one filter maps them to HTTP at the edge.
 * Each carries a stable `code` that clients and logs can match on.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed; `messages` name each bad field. */
export class InvalidInput extends DomainError {
  readonly status = 400;
  constructor(readonly messages: string[]) {
    super('invalid_input', messages.join('; '));
  }
}

/** 404: an id or code in the path or body names nothing. */
export class NotFound extends DomainError {
  readonly status = 404;
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} not found`, { what, id });
  }
}

/** 409: valid, but impossible now (not enough stock, illegal state change, duplicate). */
export class Conflict extends DomainError {
  readonly status = 409;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** 422: an Idempotency-Key reused with a different body. */
export class IdempotencyKeyReused extends DomainError {
  readonly status = 422;
  constructor() {
    super('idempotency_key_reused', 'Idempotency-Key was already used with a different request body');
  }
}

/** 503: another service or a dependency did not answer in time; nothing was changed. */
export class ServiceUnavailable extends DomainError {
  readonly status = 503;
  constructor(message: string) {
    super('service_unavailable', message);
  }
}

export class Unauthorized extends DomainError {
  readonly status = 401;
  constructor(message = 'A valid API key is required: Authorization: Bearer <key>') {
    super('unauthorized', message);
  }
}

export class Forbidden extends DomainError {
  readonly status = 403;
  constructor(role: string, allowed: readonly string[]) {
    super('forbidden', `role ${role} may not call this route (allowed: ${allowed.join(', ')})`, { allowed });
  }
}

export class TooManyRequests extends DomainError {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `rate limit exceeded; retry after ${retryAfterSeconds} s`);
  }
}
