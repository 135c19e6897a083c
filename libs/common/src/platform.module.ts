import { DynamicModule, Injectable, Module, OnApplicationBootstrap, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from './config/service-config';
import { runMigrations } from './database/migrate';
import { ProcessLease } from './database/process-lease';
import { InvalidInput } from './errors';
import { ApiKeysController } from './http/auth/api-keys.controller';
import { ApiKeysService } from './http/auth/api-keys.service';
import { AuthGuard } from './http/auth/auth.guard';
import { ErrorFilter } from './http/error.filter';
import { EventConsumers } from './messaging/event-consumers';
import { NatsConnectionHolder } from './messaging/nats-connection';
import { OutboxRelay } from './messaging/outbox-relay';
import { RequestResponders, ServiceRequests } from './messaging/requests';
import { Transactions } from './messaging/transactions';
import { Metrics } from './observability/metrics';
import { ParkedMessagesController } from './observability/parked-messages.controller';
import { ImportTracker } from './bulk/import-tracker';
import { ImportsController } from './bulk/imports.controller';
import { PlatformController } from './observability/platform.controller';
import { KnownLocations } from './read-models/known-locations';
import { RetentionJobs } from './database/retention';
import { describeValidationErrors } from './validation';

export interface PlatformOptions {
  config: ServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/** Starts the platform's background work once every module has registered its consumers and responders. */
@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly consumers: EventConsumers,
    private readonly relay: OutboxRelay,
    private readonly retention: RetentionJobs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.apiKeys.ensureBootstrapAdmin();
    this.apiKeys.listenForRevocations();
    await this.consumers.start();
    this.relay.start();
    this.retention.start();
  }
}

export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new InvalidInput(describeValidationErrors(errors)),
});

const PLATFORM_SERVICES = [
  NatsConnectionHolder, OutboxRelay, Transactions, EventConsumers, ServiceRequests, RequestResponders, ApiKeysService, Metrics, KnownLocations,
  ProcessLease, ImportTracker,
];

/**
 * Everything a service shares with the others: config, its PostgreSQL schema (migrations run
 * before anything else touches it), NATS with JetStream, outbox, consumers, request-reply,
 * API keys, errors, idempotency, health, metrics and logs.
 */
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const dataSourceOptions: DataSourceOptions = {
      type: 'postgres',
      url: config.databaseUrl,
      schema: config.service,
      entities: options.entities,
      migrations: options.migrations,
      migrationsTableName: 'migrations',
      synchronize: false,
      migrationsRun: false,
      logging: false,
      extra: { max: config.databasePoolSize, options: `-c search_path=${config.service},public` },
    };
    return {
      module: PlatformModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions,
          dataSourceFactory: async (resolved) => {
            const dataSource = await new DataSource(resolved as DataSourceOptions).initialize();
            await runMigrations(dataSource, config.service);
            return dataSource;
          },
        }),
      ],
      controllers: [PlatformController, ApiKeysController, ParkedMessagesController, ImportsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        ...PLATFORM_SERVICES.filter((service) => service !== NatsConnectionHolder),
        {
          provide: NatsConnectionHolder,
          inject: [SERVICE_CONFIG],
          useFactory: async (serviceConfig: ServiceConfig) => {
            const holder = new NatsConnectionHolder(serviceConfig);
            await holder.open();
            await holder.ensureStreams();
            return holder;
          },
        },
        RetentionJobs,
        PlatformLifecycle,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useValue: validationPipe },
      ],
      exports: [SERVICE_CONFIG, ...PLATFORM_SERVICES],
    };
  }
}
