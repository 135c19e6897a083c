/**
 * A response whose status is decided by the use case (202 awaiting parts, 200 for a repeated event),
 * not by the route. A Fastify preSerialization hook applies the status and sends the body.
 */
export class HttpOutcome<TBody = unknown> {
  constructor(
    readonly status: number,
    readonly body: TBody,
  ) {}
}
