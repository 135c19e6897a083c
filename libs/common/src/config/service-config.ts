/**
 * The one place that reads process.env. Every value is validated at start-up;
 * a bad value stops the process with one line naming the variable.
 */
export type ServiceName = 'inventory' | 'repairs' | 'shipments';

export interface ServiceConfig {
  service: ServiceName;
  port: number;
  host: string;
  databaseUrl: string;
  /** Connections each service instance keeps to PostgreSQL. */
  databasePoolSize: number;
  natsUrl: string;
  bootstrapAdminKey?: string;
  /** Requests per second allowed per API key (token bucket, burst of the same size). */
  rateLimitPerSecond: number;
  requestTimeoutMs: number;
  demoData: boolean;
  logLevel: string;
  outboxPollMs: number;
  consumerMaxDeliver: number;
  idempotencyRetentionHours: number;
  /** How long a request waits for an earlier one with its Idempotency-Key to finish before a 409 (in progress). */
  idempotencyWaitMs: number;
  inboxRetentionDays: number;
  outboxRetentionHours: number;
}

export class ConfigError extends Error {}

const DEFAULT_PORTS: Record<ServiceName, number> = { inventory: 3001, repairs: 3002, shipments: 3003 };

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function url(env: Env, name: string, protocols: string[]): string {
  const raw = env[name];
  if (!raw) throw new ConfigError(`${name} is required (e.g. ${protocols[0]}//127.0.0.1)`);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (got "${raw}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return raw;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

export function loadServiceConfig(service: ServiceName, env: Env = process.env): ServiceConfig {
  const portVariable = `${service.toUpperCase()}_PORT`;
  const bootstrapAdminKey = env.BOOTSTRAP_ADMIN_KEY || undefined;
  if (bootstrapAdminKey !== undefined && !/^[\x21-\x7e]{16,128}$/.test(bootstrapAdminKey)) {
    throw new ConfigError('BOOTSTRAP_ADMIN_KEY must be 16 to 128 printable characters without spaces');
  }
  return {
    service,
    port: integer(env, portVariable, DEFAULT_PORTS[service], 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 2, 500),
    natsUrl: url(env, 'NATS_URL', ['nats:', 'tls:']),
    bootstrapAdminKey,
    rateLimitPerSecond: integer(env, 'RATE_LIMIT_PER_SECOND', 5000, 1, 10_000_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 3000, 50, 120_000),
    demoData: flag(env, 'DEMO_DATA', false),
    logLevel: env.LOG_LEVEL || 'info',
    outboxPollMs: integer(env, 'OUTBOX_POLL_MS', 1000, 10, 60_000),
    consumerMaxDeliver: integer(env, 'CONSUMER_MAX_DELIVER', 8, 1, 1000),
    idempotencyRetentionHours: integer(env, 'IDEMPOTENCY_RETENTION_HOURS', 48, 24, 24 * 365),
    idempotencyWaitMs: integer(env, 'IDEMPOTENCY_WAIT_MS', 30_000, 100, 600_000),
    inboxRetentionDays: integer(env, 'INBOX_RETENTION_DAYS', 30, 8, 3650),
    outboxRetentionHours: integer(env, 'OUTBOX_RETENTION_HOURS', 72, 1, 24 * 365),
  };
}

/** Loads the config or exits with a single clear line: never a stack trace. */
export function loadServiceConfigOrExit(service: ServiceName): ServiceConfig {
  try {
    return loadServiceConfig(service);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
