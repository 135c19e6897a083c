import { FastifyInstance, FastifyRequest } from 'fastify';
import { IncomingMessage } from 'node:http';

export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * JSON bodies are read up to 1 MiB (413 beyond, 400 when malformed). Routes matching `streamedRoutes`
 * (bulk imports) get the raw request stream instead, in JSON or CSV, so uploads of any size stream.
 */
export function installBodyParsers(fastify: FastifyInstance, streamedRoutes: RegExp): void {
  const isStreamed = (request: FastifyRequest) => streamedRoutes.test(request.routeOptions.url ?? '');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request, payload, done) => {
    if (isStreamed(request)) return done(null, payload);
    readLimited(payload, JSON_BODY_LIMIT_BYTES).then(
      (text) => {
        if (text.trim() === '') return done(null, undefined);
        try {
          done(null, JSON.parse(text));
        } catch (error) {
          done(new BodyError(400, 'FST_ERR_CTP_INVALID_JSON', `malformed JSON (${(error as Error).message})`), undefined);
        }
      },
      (error: Error) => done(error, undefined),
    );
  });
  fastify.addContentTypeParser(['text/csv', 'application/x-ndjson', 'application/octet-stream'], (request, payload, done) => {
    if (isStreamed(request)) return done(null, payload);
    done(new BodyError(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'unsupported content type'), undefined);
  });
}

async function readLimited(stream: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(stream.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    stream.resume();
    throw new BodyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'too large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.resume();
      throw new BodyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'too large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
