/**
 * A service as its own process (the compiled main.js, as `npm start` runs it), for figures that must
 * be the service's alone, such as its peak resident memory (VmHWM in /proc/<pid>/status, Linux).
 */
import type { ServiceName } from '@app/common';
import { freePort } from '@app/common/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchStack } from './stack';

/** The repository root: this file runs as dist/bench/support/child-service.js. */
export const ROOT = join(__dirname, '..', '..', '..');

export class ChildService {
  private exited = false;
  private stderr = '';

  private constructor(
    readonly name: ServiceName,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.once('exit', () => (this.exited = true));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
  }

  /** Starts dist/apps/<name>/src/main.js on the stack's database and nats-server; resolves once /health answers 200. */
  static async start(stack: BenchStack, name: ServiceName, environment: Record<string, string> = {}): Promise<ChildService> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'scripts', 'register-aliases.js'), join(ROOT, 'dist', 'apps', name, 'src', 'main.js')],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...stack.environment(name, String(port)), ...environment }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const service = new ChildService(name, child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (service.exited) throw new Error(`${name} exited while starting: ${service.stderr}`);
      const healthy = await fetch(`${service.url}/health`).then((response) => response.ok, () => false);
      if (healthy) break;
      if (Date.now() > deadline) {
        await service.stop();
        throw new Error(`${name} did not answer /health within 60 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stack.attach(name, service.url);
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  private statusField(field: 'VmHWM' | 'VmRSS'): number {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  }

  /** Peak resident set size of the process so far, MiB. */
  peakRssMb(): number {
    return this.statusField('VmHWM');
  }

  rssMb(): number {
    return this.statusField('VmRSS');
  }

  /** SIGTERM (the service closes cleanly), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
