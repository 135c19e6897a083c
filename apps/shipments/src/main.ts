import 'reflect-metadata';
import { loadServiceConfigOrExit } from '@app/common';
import { startShipments } from './app.module';

async function main(): Promise<void> {
  const config = loadServiceConfigOrExit('shipments');
  const app = await startShipments(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: config.host });
}

void main().catch((error) => {
  process.stderr.write(`shipments: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
