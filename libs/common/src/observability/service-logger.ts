import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import { type ServiceConfig } from '../config/service-config';

/** One pino logger per service: Fastify logs requests with it, Nest logs through it. JSON lines on stdout. */
export function createServiceLogger(config: ServiceConfig): Pino {
  return pino({ level: config.logLevel, base: { service: config.service } });
}

/** Nest's LoggerService over pino, so framework and platform logs share the service's JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
