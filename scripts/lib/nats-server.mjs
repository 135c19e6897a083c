// A nats-server with JetStream of our own for `npm start` when NATS_URL is not given.
import { mkdirSync } from 'node:fs';
import { spawnManaged, waitForOutput } from './processes.mjs';

/** Starts nats-server on 127.0.0.1:`port` with its JetStream store in `storeDir`; resolves once it is ready. */
export async function startNatsServer({ binary, storeDir, port, runDir }) {
  mkdirSync(storeDir, { recursive: true });
  const server = spawnManaged('nats', binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
    runDir,
    stopSignal: 'SIGTERM',
    graceMs: 10_000,
    // Its start-up banner is long; show warnings and errors only.
    filter: (line) => (/\[(WRN|ERR|FTL)\]/.test(line) ? line : undefined),
  });
  try {
    await waitForOutput(server, /Server is ready/, 15_000, 'nats-server');
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: `nats://127.0.0.1:${port}`, server };
}
