import { type ServiceConfig, type ServiceName } from '@app/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AddressInfo } from 'node:net';
import { startInventory } from './inventory/src/app.module';
import { startRepairs } from './repairs/src/app.module';
import { startShipments } from './shipments/src/app.module';

const STARTERS: Record<ServiceName, (config: ServiceConfig) => Promise<NestFastifyApplication>> = {
  inventory: startInventory,
  repairs: startRepairs,
  shipments: startShipments,
};

/**
 * One of the three services inside the calling process (tests, benchmarks): migrated, ready and
 * listening on a free loopback port.
 */
export async function startInProcess(name: ServiceName, config: ServiceConfig): Promise<{ app: NestFastifyApplication; url: string }> {
  const app = await STARTERS[name](config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** A set of in-process services (the test and bench stacks). */
export interface InProcessStack {
  startService(name: ServiceName): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts `names` on `stack` in order; when one fails, stops all the stack started and rethrows. */
export async function startServices<T extends InProcessStack>(stack: T, names: readonly ServiceName[]): Promise<T> {
  try {
    for (const name of names) await stack.startService(name);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}
