import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { Public } from '../http/auth/roles';
import { HttpOutcome } from '../http/http-outcome';
import { NatsConnectionHolder } from '../messaging/nats-connection';
import { Metrics } from './metrics';

async function withTimeout(check: Promise<unknown>, ms: number): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([check.then(() => true, () => false), timeout]);
}

@ApiTags('platform')
@Controller()
export class PlatformController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionHolder,
    private readonly metrics: Metrics,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Liveness of the service, its database and NATS' })
  @ApiOkResponse({ description: 'Database and NATS reachable' })
  @ApiServiceUnavailableResponse({ description: 'Names which dependency failed' })
  async health(): Promise<HttpOutcome> {
    const [database, nats] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 1500),
      this.nats.isReachable(1500),
    ]);
    const failed = [...(database ? [] : ['database']), ...(nats ? [] : ['nats'])];
    const body = {
      service: this.config.service,
      status: failed.length ? 'unavailable' : 'ok',
      checks: { database: database ? 'up' : 'down', nats: nats ? 'up' : 'down' },
      ...(failed.length ? { failed, message: failed.map((name) => `${name}: unreachable`) } : {}),
    };
    return new HttpOutcome(failed.length ? 503 : 200, body);
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: requests, latency, outbox backlog, consumer lag, parked messages' })
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
