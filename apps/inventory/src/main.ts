import 'reflect-metadata';
import { loadServiceConfigOrExit } from '@app/common';
import { startInventory } from './app.module';

async function main(): Promise<void> {
  const config = loadServiceConfigOrExit('inventory');
  const app = await startInventory(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: config.host });
}

void main().catch((error) => {
  process.stderr.write(`inventory: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
