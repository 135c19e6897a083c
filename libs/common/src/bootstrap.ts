import { DynamicModule, Type } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { ServiceConfig } from './config/service-config';
import { installBodyParsers, JSON_BODY_LIMIT_BYTES } from './http/body-parsers';
import { documentErrorResponses } from './http/openapi-errors';
import { HttpOutcome } from './http/http-outcome';
import { writeRoutesWithoutIdempotency } from './http/idempotency';
import { Metrics } from './observability/metrics';
import { createServiceLogger, NestPinoLogger } from './observability/service-logger';
import { runInContext } from './request-context';

export interface ServiceDescription {
  title: string;
  description: string;
  /** Routes whose body is streamed (bulk imports), matched against the route pattern. */
  streamedRoutes?: RegExp;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Builds a service's HTTP app: Fastify, body limits, error shape, OpenAPI at /docs and /docs-json,
 * request metrics. Migrations, streams and demo data are done before it listens, so /health
 * answers only once the service is ready.
 */
export async function createServiceApp(
  module: DynamicModule,
  config: ServiceConfig,
  description: ServiceDescription,
): Promise<NestFastifyApplication> {
  const logger = createServiceLogger(config);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One line per request comes from our onResponse hook (with route and timing), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      (request as { id?: string }).id = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  const controllers = [...app.get(ModulesContainer).values()].flatMap((nestModule) => [...nestModule.controllers.values()].map((wrapper) => wrapper.metatype as Type));
  const unprotected = writeRoutesWithoutIdempotency(controllers);
  if (unprotected.length > 0) throw new Error(`write routes without @UseInterceptors(IdempotencyInterceptor): ${unprotected.join(', ')}`);
  const fastify = app.getHttpAdapter().getInstance();
  installBodyParsers(fastify, description.streamedRoutes ?? /\/(bulk|import)$/);
  // The handler runs inside the request's context (the auth guard adds the caller), so the events it
  // emits carry the request id and the audit trail the key. A hook rather than a Nest interceptor:
  // any interceptor on a route costs Nest an AsyncResource.bind per request, which on Node 20 is
  // slow enough to cut a cheap route's throughput by two thirds. Fastify calls the handler from done().
  fastify.addHook('preHandler', (request, _reply, done) => runInContext({ correlationId: String(request.id) }, done));
  fastify.addHook('preSerialization', async (_request, reply, payload) => {
    if (payload instanceof HttpOutcome) {
      reply.status(payload.status);
      return payload.body;
    }
    return payload;
  });
  const metrics = app.get(Metrics);
  const quietRoutes = new Set(['/health', '/metrics']);
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (!quietRoutes.has(route)) {
      request.log.info(
        { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request completed',
      );
    }
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', String(request.id));
    return payload;
  });

  const document = documentErrorResponses(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(description.title)
      .setDescription(description.description)
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key from POST /api-keys' })
      .addSecurityRequirements('bearer')
      .build(),
  ));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  return app;
}
