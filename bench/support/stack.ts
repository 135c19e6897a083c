import { loadServiceConfig, type ServiceName } from '@app/common';
import { TestNatsServer } from '@app/common/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { ROOT } from './child-service';
import { startInProcess, startServices } from '../../apps/in-process';

interface ThrowawayPostgres {
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A fresh database for one bench run: created on the server of DATABASE_URL (and dropped after),
 * or in an embedded PostgreSQL of its own in a temporary folder (removed after).
 */
export class BenchDatabase {
  private constructor(
    readonly url: string,
    private readonly drop: () => Promise<void>,
    readonly where: string,
  ) {}

  static async create(): Promise<BenchDatabase> {
    const given = process.env.DATABASE_URL;
    const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    if (given) {
      const admin = new Client({ connectionString: given });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const url = new URL(given);
      url.pathname = `/${name}`;
      return new BenchDatabase(
        url.toString(),
        async () => {
          const client = new Client({ connectionString: given });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await client.end();
        },
        `database ${name} on DATABASE_URL's server`,
      );
    }
    // The same throwaway PostgreSQL the tests use (an ESM module: a dynamic import, kept as import()
    // here). Its signal hooks are removed: run.ts stops the stacks itself on Ctrl-C.
    const { startThrowawayPostgres } = await import(pathToFileURL(join(ROOT, 'scripts', 'lib', 'throwaway-postgres.mjs')).href);
    const cluster: ThrowawayPostgres = await startThrowawayPostgres({ prefix: 'fleet-uptime-bench-pg-', keepExitHooks: false });
    const port = cluster.port;
    const admin = new Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return new BenchDatabase(`postgres://postgres:postgres@127.0.0.1:${port}/${name}`, () => cluster.stop(), `embedded PostgreSQL on port ${port}`);
  }

  async dispose(): Promise<void> {
    await this.drop();
  }
}

export interface BenchService {
  name: ServiceName;
  /** Absent for a service the stack does not run in this process (see `attach`). */
  app?: NestFastifyApplication;
  url: string;
}

/** The services under measurement, in this process, on their own database and nats-server and free ports. */
export class BenchStack {
  /** Stacks not stopped yet: run.ts stops them on Ctrl-C. */
  static readonly running = new Set<BenchStack>();
  readonly services = new Map<ServiceName, BenchService>();
  readonly adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;

  private admin?: Client;

  private constructor(
    readonly database: BenchDatabase,
    readonly nats: TestNatsServer,
    private readonly overrides: Record<string, string>,
  ) {}

  /** `overrides`: more environment for every service (e.g. OUTBOX_POLL_MS). */
  static async start(names: ServiceName[], overrides: Record<string, string> = {}): Promise<BenchStack> {
    const [database, nats] = await Promise.all([BenchDatabase.create(), TestNatsServer.start()]);
    const stack = new BenchStack(database, nats, overrides);
    BenchStack.running.add(stack);
    return startServices(stack, names);
  }

  /** Connections each service holds to PostgreSQL, for baselines that share as many. */
  get databasePoolSize(): number {
    return loadServiceConfig('inventory', this.environment('inventory')).databasePoolSize;
  }

  /** The environment a service of this stack runs with, in this process or as a child process. */
  environment(name: ServiceName, port = '0'): Record<string, string> {
    return {
      DATABASE_URL: this.database.url,
      NATS_URL: this.nats.url,
      BOOTSTRAP_ADMIN_KEY: this.adminKey,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
      RATE_LIMIT_PER_SECOND: '10000000', // measure the service, not its limiter
      [`${name.toUpperCase()}_PORT`]: port,
      HOST: '127.0.0.1',
      ...this.overrides,
    };
  }

  async startService(name: ServiceName): Promise<BenchService> {
    const service = { name, ...(await startInProcess(name, loadServiceConfig(name, this.environment(name)))) };
    this.services.set(name, service);
    return service;
  }

  url(name: ServiceName): string {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service.url;
  }

  /** One JSON call as a user makes it; throws unless the answer has the expected status. */
  async call<T = unknown>(name: ServiceName, method: string, path: string, body?: unknown, key = this.adminKey, expect = [200, 201]): Promise<T> {
    const response = await fetch(`${this.url(name)}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expect.includes(response.status)) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A new API key with this role, as an ERP or a repair center would hold. */
  async apiKey(role: string): Promise<string> {
    const first = [...this.services.keys()][0];
    const created = await this.call<{ key: string }>(first, 'POST', '/api-keys', { role, name: `bench ${role}` });
    return created.key;
  }

  /** SQL on the stack's database from one connection of the bench's own (seeding, checks); answers the rows. */
  async sql<T = Record<string, unknown>>(text: string, parameters: unknown[] = []): Promise<T[]> {
    if (!this.admin) {
      const admin = new Client({ connectionString: this.database.url });
      await admin.connect();
      this.admin = admin;
    }
    return (await this.admin.query(text, parameters)).rows as T[];
  }

  /** Registers a service started elsewhere (e.g. a child process) so `url`, `call` and `apiKey` reach it. */
  attach(name: ServiceName, url: string): void {
    this.services.set(name, { name, url });
  }

  async stop(): Promise<void> {
    BenchStack.running.delete(this);
    for (const service of [...this.services.values()].reverse()) await service.app?.close();
    this.services.clear();
    await this.admin?.end().catch(() => undefined);
    this.admin = undefined;
    await this.nats.dispose();
    await this.database.dispose();
  }
}
