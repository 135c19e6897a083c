import { loadServiceConfig, type ServiceConfig, type ServiceName } from '@app/common';
import { createTestDatabase, TestNatsServer } from '@app/common/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { startInProcess, startServices } from '../../apps/in-process';

export interface RunningService {
  name: ServiceName;
  app: NestFastifyApplication;
  url: string;
  config: ServiceConfig;
}

/**
 * The services under test on their own database and nats-server, on free ports (never 3001-3003),
 * with an admin key. `stop()` ends everything it started.
 */
export class TestStack {
  readonly services = new Map<ServiceName, RunningService>();
  readonly adminKey = `test-admin-${randomBytes(16).toString('hex')}`;

  private constructor(
    readonly nats: TestNatsServer,
    readonly databaseUrl: string,
    private readonly overrides: Record<string, string>,
  ) {}

  static async start(names: ServiceName[], overrides: Record<string, string> = {}): Promise<TestStack> {
    const [nats, databaseUrl] = await Promise.all([TestNatsServer.start(), createTestDatabase()]);
    return startServices(new TestStack(nats, databaseUrl, overrides), names);
  }

  async startService(name: ServiceName): Promise<RunningService> {
    const config = loadServiceConfig(name, {
      DATABASE_URL: this.databaseUrl,
      NATS_URL: this.nats.url,
      BOOTSTRAP_ADMIN_KEY: this.adminKey,
      LOG_LEVEL: 'silent',
      OUTBOX_POLL_MS: '200',
      REQUEST_TIMEOUT_MS: '2000',
      [`${name.toUpperCase()}_PORT`]: '0',
      HOST: '127.0.0.1',
      ...this.overrides,
    });
    const service = { name, config, ...(await startInProcess(name, config)) };
    this.services.set(name, service);
    return service;
  }

  async stopService(name: ServiceName): Promise<void> {
    const service = this.services.get(name);
    this.services.delete(name);
    await service?.app.close();
  }

  url(name: ServiceName): string {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service.url;
  }

  /** A client for one service, authenticated with `key` (the admin key by default). */
  client(name: ServiceName, key = this.adminKey): ApiClient {
    return new ApiClient(() => this.url(name), key);
  }

  async stop(): Promise<void> {
    for (const name of [...this.services.keys()].reverse()) await this.stopService(name);
    await this.nats.dispose();
  }
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin HTTP client over fetch, as an API user would call the services. */
export class ApiClient {
  constructor(
    private readonly baseUrl: () => string,
    readonly key?: string,
  ) {}

  /** The service's address, e.g. for a browser. */
  get url(): string {
    return this.baseUrl();
  }

  withKey(key: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, key);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const raw = typeof body === 'string' || body instanceof Uint8Array;
    const response = await fetch(`${this.baseUrl()}${path}`, {
      method,
      headers: {
        ...(this.key ? { authorization: `Bearer ${this.key}` } : {}),
        ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? (body as string) : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }

  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body ?? {}, headers);
  }

  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }
}

/** Polls until `check` passes or the time is up (events crossing services take a moment). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  }
}
