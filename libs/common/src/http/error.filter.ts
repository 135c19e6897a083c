import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { FastifyReply } from 'fastify';
import { DomainError, InvalidInput, TooManyRequests } from '../errors';
import { isContentionError } from '../messaging/transactions';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string[];
  code?: string;
  details?: Record<string, unknown>;
}

/** PostgreSQL errors a client's input can cause: never a 500 for those. */
const PG_CLIENT_ERRORS: Record<string, { status: number; code: string }> = {
  '23505': { status: 409, code: 'duplicate' },
  '23503': { status: 409, code: 'referenced' },
  '22P02': { status: 400, code: 'invalid_input' },
  '22003': { status: 400, code: 'out_of_range' },
  '22001': { status: 400, code: 'value_too_long' },
  '22007': { status: 400, code: 'invalid_datetime' },
  '22008': { status: 400, code: 'invalid_datetime' },
};

/**
 * A transaction that lost a race with another (isContentionError) even after Transactions.run tried
 * again: nothing was changed, and the same request can simply be sent again after this long.
 */
const CONTENTION_RETRY_AFTER_SECONDS = 1;

/** Fastify's own errors (body parsing, size) carry a statusCode and a FST_ code. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

export function errorBody(status: number, messages: string[], code?: string, details?: Record<string, unknown>): ErrorBody {
  return {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message: messages,
    ...(code ? { code } : {}),
    ...(details ? { details } : {}),
  };
}

/** Maps every error to the one shape of the contract, once, at the edge. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof InvalidInput) return errorBody(400, exception.messages, exception.code);
  if (exception instanceof DomainError) return errorBody(exception.status, [exception.message], exception.code, exception.details);
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    const messages = Array.isArray(message) ? message.map(String) : [String(message ?? exception.message)];
    return errorBody(exception.getStatus(), messages);
  }
  if (isContentionError(exception)) {
    return errorBody(503, ['the database aborted this request in a conflict with another one; nothing was changed, send it again'], 'contention');
  }
  const pgCode = (exception as { code?: string })?.code;
  if (pgCode && PG_CLIENT_ERRORS[pgCode]) {
    const mapped = PG_CLIENT_ERRORS[pgCode];
    const detail = (exception as { detail?: string }).detail ?? (exception as Error).message;
    return errorBody(mapped.status, [detail], mapped.code);
  }
  const fastifyError = exception as FastifyLikeError;
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const message =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body: larger than the 1 MiB limit'
      : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'body: unsupported content type (send application/json)'
      : `body: ${fastifyError.message ?? 'malformed'}`;
    return errorBody(fastifyError.statusCode, [message], fastifyError.code?.toLowerCase());
  }
  return errorBody(500, ['internal error']);
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (exception instanceof TooManyRequests) reply.header('Retry-After', String(exception.retryAfterSeconds));
    if (body.code === 'contention') reply.header('Retry-After', String(CONTENTION_RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).send(body);
  }
}
