import 'reflect-metadata';
import { loadServiceConfigOrExit } from '@app/common';
import { startRepairs } from './app.module';

async function main(): Promise<void> {
  const config = loadServiceConfigOrExit('repairs');
  const app = await startRepairs(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: config.host });
}

void main().catch((error) => {
  process.stderr.write(`repairs: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
