import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Where a Chromium may be: CHROMIUM_BIN, then Debian's and other usual paths. */
export function findChromium(): string | undefined {
  return [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    (path): path is string => !!path && existsSync(path),
  );
}

/**
 * A headless Chromium driven over the DevTools protocol on a pipe (no WebSocket, no driver package):
 * one page, its uncaught exceptions collected. `close()` ends the browser and removes its profile.
 */
export class HeadlessBrowser {
  readonly exceptions: string[] = [];
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: any) => void; reject: (error: Error) => void }>(); // eslint-disable-line @typescript-eslint/no-explicit-any
  private buffered = '';
  private sessionId = '';

  private constructor(
    private readonly process: ChildProcess,
    private readonly profile: string,
  ) {
    const output = process.stdio[4] as Readable;
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      this.buffered += chunk;
      let end: number;
      while ((end = this.buffered.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffered.slice(0, end));
        this.buffered = this.buffered.slice(end + 1);
        this.receive(message);
      }
    });
  }

  static async launch(binary: string): Promise<HeadlessBrowser> {
    const profile = mkdtempSync(join(tmpdir(), 'fleet-uptime-chromium-'));
    const child = spawn(
      binary,
      ['--headless=new', '--remote-debugging-pipe', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const browser = new HeadlessBrowser(child, profile);
    const { targetInfos } = await browser.send('Target.getTargets');
    const page = targetInfos.find((target: { type: string }) => target.type === 'page');
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    browser.sessionId = sessionId;
    await browser.send('Runtime.enable');
    await browser.send('Page.enable');
    return browser;
  }

  /** A DevTools command, on the page's session once attached. */
  send(method: string, params: Record<string, unknown> = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const id = ++this.nextId;
    const message = { id, method, params, ...(this.sessionId ? { sessionId: this.sessionId } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.process.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  async goto(url: string): Promise<void> {
    await this.send('Page.navigate', { url });
    await this.waitFor(`location.href === ${JSON.stringify(url)} && document.readyState === "complete"`);
  }

  /** The value of an expression evaluated in the page (awaited if a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  }

  /** Polls an expression until it is truthy, or fails after `timeoutMs`. */
  async waitFor(expression: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting in the page for: ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Asks the browser to quit (its helper processes go with it), kills it if it has not within 5 s, removes the profile. */
  async close(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.sessionId = '';
      void this.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    // A helper process may still be flushing into the profile for a moment.
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }

  private receive(message: { id?: number; method?: string; params?: any; result?: unknown; error?: { message: string } }): void { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (message.method === 'Runtime.exceptionThrown') {
      this.exceptions.push(message.params.exceptionDetails.exception?.description ?? message.params.exceptionDetails.text);
    }
    const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id!);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  }
}
