import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, RequestMethod, Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { createHash, type Hash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import { from, Observable, of, switchMap, catchError, throwError, map } from 'rxjs';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { leaseHeldSql, ProcessLease } from '../database/process-lease';
import { Conflict, IdempotencyKeyReused, InvalidInput } from '../errors';
import { currentContext } from '../request-context';
import { AuthenticatedRequest } from './auth/auth.guard';
import { HttpOutcome } from './http-outcome';

const WRITE_METHOD_NAMES = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Request methods as Fastify names them (the interceptor) and as Nest's route metadata does (the start-up check). */
const WRITE_METHODS: ReadonlySet<string> = new Set(WRITE_METHOD_NAMES);
const WRITE_REQUEST_METHODS: ReadonlySet<RequestMethod> = new Set(WRITE_METHOD_NAMES.map((method) => RequestMethod[method]));
const WAIT_STEP_MS = 25;
/** Claims from before claims named their process's lease: abandoned after this long without an answer. */
const UNOWNED_ABANDONED_AFTER_SECONDS = 60;

type Claim =
  | { kind: 'claimed' }
  | { kind: 'stored'; requestHash: string; status: number; body: unknown }
  | { kind: 'mismatch' };

interface StoredClaim {
  request_hash: string;
  status_code: number | null;
  response: unknown;
  owner: number | null;
  committed: boolean;
  abandoned: boolean;
}

/** Claims of streamed bodies are stored with this until the body has been read and hashed. */
const HASH_NOT_YET_KNOWN = '';

/**
 * `Idempotency-Key` on writes, per API key: the first request with a key runs and its response is
 * stored; a repeat with the same body gets that response (even when both arrive at once: the second
 * waits for the first); the same key with another body is 422. A failed request stores nothing, so
 * a retry runs again. A claim names the lease of the process running it (ProcessLease): when that
 * process has died, a retry takes the claim over at once; while it lives, a retry waits for it (up
 * to IDEMPOTENCY_WAIT_MS, then 409 in progress), however long the first request runs. Streamed
 * bodies (bulk imports) are hashed as they are read, so a repeated upload is answered with the first
 * import's summary.
 *
 * Not a global interceptor: any interceptor on a route costs Nest an AsyncResource.bind per request
 * (slow on Node 20), so read routes carry none. Controllers with write routes take it with
 * `@UseInterceptors(IdempotencyInterceptor)`, and a service refuses to start when one forgets
 * (writeRoutesWithoutIdempotency, checked in bootstrap.ts).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lease: ProcessLease,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    if (!WRITE_METHODS.has(request.method) || key === undefined || !request.principal) return next.handle();
    if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
      return throwError(() => new InvalidInput(['Idempotency-Key: must be 1 to 255 characters']));
    }
    const apiKeyId = request.principal.id;
    const prefix = `${request.method} ${request.url}\n`;
    // A streamed body (bulk import) is hashed as it is read; its hash is known only once it is consumed.
    const streamed = isStream(request.body);
    const requestHash = streamed ? null : sha256().update(`${prefix}${JSON.stringify(request.body ?? null)}`).digest('hex');
    const defaultStatus =
      Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);

    return from(this.claim(apiKeyId, key, requestHash)).pipe(
      switchMap((claim) => {
        if (claim.kind === 'mismatch') return throwError(() => new IdempotencyKeyReused());
        if (claim.kind === 'stored') {
          const hashOfThisRequest = requestHash !== null ? Promise.resolve(requestHash) : hashStream(prefix, request.body as Readable);
          return from(hashOfThisRequest).pipe(
            switchMap((hash) =>
              hash === claim.requestHash ? of(new HttpOutcome(claim.status, claim.body)) : throwError(() => new IdempotencyKeyReused()),
            ),
          );
        }
        let finalHash = () => requestHash as string;
        if (streamed) {
          const hash = sha256().update(prefix);
          const hashing = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              hash.update(chunk);
              done(null, chunk);
            },
          });
          request.body = pipeline(request.body as Readable, hashing, () => undefined);
          finalHash = () => hash.digest('hex');
        }
        // The request's transactions confirm the claim (Transactions.run); work it leaves running
        // in the background once it has answered is no longer bound to it.
        const context = currentContext();
        if (context) context.idempotencyClaim = { apiKeyId, key, owner: this.lease.id };
        const unbind = () => context && delete context.idempotencyClaim;
        return next.handle().pipe(
          switchMap((result) => {
            unbind();
            const outcome = result instanceof HttpOutcome ? result : new HttpOutcome(defaultStatus, result);
            return from(this.complete(apiKeyId, key, outcome, finalHash())).pipe(map(() => outcome));
          }),
          catchError((error) => {
            unbind();
            return from(this.release(apiKeyId, key)).pipe(switchMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  private async claim(apiKeyId: string, key: string, requestHash: string | null): Promise<Claim> {
    const schema = this.config.service;
    const deadline = Date.now() + this.config.idempotencyWaitMs;
    for (;;) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO ${schema}.idempotency_keys (api_key_id, key, request_hash, owner) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING key`,
        [apiKeyId, key, requestHash ?? HASH_NOT_YET_KNOWN, this.lease.id],
      );
      if (inserted.length > 0) return { kind: 'claimed' };
      // Abandoned: no answer, and its process gone (or, before claims named one, a minute old).
      const rows: StoredClaim[] = await this.dataSource.query(
        `SELECT request_hash, status_code, response, owner, committed,
                CASE WHEN owner IS NULL THEN created_at < now() - make_interval(secs => $3) ELSE NOT ${leaseHeldSql('owner')} END AS abandoned
           FROM ${schema}.idempotency_keys WHERE api_key_id = $1 AND key = $2`,
        [apiKeyId, key, UNOWNED_ABANDONED_AFTER_SECONDS],
      );
      if (rows.length > 0 && rows[0].status_code === null && rows[0].abandoned && !rows[0].committed) {
        // The process that claimed it died before writing anything: run again. A transaction of its
        // that is committing holds the row, so this waits for it and then finds the claim committed.
        await this.dataSource.query(
          `DELETE FROM ${schema}.idempotency_keys
            WHERE api_key_id = $1 AND key = $2 AND status_code IS NULL AND NOT committed AND owner IS NOT DISTINCT FROM $3`,
          [apiKeyId, key, rows[0].owner],
        );
        continue;
      }
      if (rows.length > 0) {
        const stored = rows[0];
        const known = requestHash !== null && stored.request_hash !== HASH_NOT_YET_KNOWN;
        if (known && stored.request_hash !== requestHash) return { kind: 'mismatch' };
        if (stored.status_code !== null) {
          return { kind: 'stored', requestHash: stored.request_hash, status: stored.status_code, body: stored.response };
        }
      }
      if (Date.now() > deadline) {
        if (rows.length > 0 && rows[0].committed && rows[0].abandoned) {
          throw new Conflict(
            'idempotency_answer_lost',
            'The request with this Idempotency-Key was carried out, but the process running it stopped before recording its answer: read the resource to see the outcome, and do not send it again under a new key',
          );
        }
        throw new Conflict('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed');
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  private async complete(apiKeyId: string, key: string, outcome: HttpOutcome, requestHash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.config.service}.idempotency_keys SET status_code = $3, response = $4, request_hash = $5, completed_at = now()
        WHERE api_key_id = $1 AND key = $2 AND owner = $6`,
      [apiKeyId, key, outcome.status, JSON.stringify(outcome.body ?? null), requestHash, this.lease.id],
    );
  }

  private async release(apiKeyId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ${this.config.service}.idempotency_keys WHERE api_key_id = $1 AND key = $2 AND status_code IS NULL AND owner = $3`,
      [apiKeyId, key, this.lease.id],
    );
  }
}

function sha256(): Hash {
  return createHash('sha256');
}

/** Reads a streamed body to its end only to hash it (a repeat is answered from the stored response). */
async function hashStream(prefix: string, body: Readable): Promise<string> {
  const hash = sha256().update(prefix);
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isStream(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function';
}

/** The write routes, as "Controller.handler", whose controller or handler does not carry IdempotencyInterceptor. */
export function writeRoutesWithoutIdempotency(controllers: Type[]): string[] {
  const carries = (target: object) => ((Reflect.getMetadata(INTERCEPTORS_METADATA, target) as unknown[] | undefined) ?? []).includes(IdempotencyInterceptor);
  return controllers.flatMap((controller) => {
    if (carries(controller)) return [];
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => {
        const handler = prototype[name];
        return typeof handler === 'function' && WRITE_REQUEST_METHODS.has(Reflect.getMetadata(METHOD_METADATA, handler)) && !carries(handler);
      })
      .map((name) => `${controller.name}.${name}`);
  });
}
