// Child processes that `npm start` owns: spawned in their own process group (so a Ctrl-C reaches
// only us and we stop them in order), recorded in .data/run/<name>.pid (so leftovers of a killed run
// are found next time), with their output prefixed by their name.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const COLORS = { inventory: 36, repairs: 35, shipments: 33, nats: 32, postgres: 34, start: 37 };
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const NAME_WIDTH = 9;

/** Writes `line` prefixed with `name` in its colour: `inventory │ ...`. */
export function say(name, line) {
  const label = name.padEnd(NAME_WIDTH);
  const prefix = useColor ? `\x1b[${COLORS[name] ?? 37}m${label}\x1b[0m │ ` : `${label} │ `;
  process.stdout.write(`${prefix}${line}\n`);
}

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Nest's start-up chatter (one line per module and route): the OpenAPI page lists the routes. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Pino's JSON lines made readable: `16:00:41 INFO  [Context] message (GET /x 200 3ms)`; undefined
 * (hidden) for Nest's start-up chatter and successful health and metrics polls.
 */
export function formatLogLine(line) {
  if (!line.startsWith('{')) return line;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || typeof entry.time !== 'number') return line;
  if (entry.level <= 30 && QUIET_CONTEXTS.has(entry.context)) return undefined;
  const time = new Date(entry.time).toISOString().slice(11, 19);
  const level = (LEVELS[entry.level] ?? String(entry.level)).padEnd(5);
  const context = entry.context ? `[${entry.context}] ` : '';
  const request = entry.method && entry.statusCode ? ` (${entry.method} ${entry.url} ${entry.statusCode} ${entry.ms ?? '?'}ms)` : '';
  const error = entry.err?.message ? ` - ${entry.err.message}` : '';
  return `${time} ${level} ${context}${entry.msg ?? ''}${request}${error}`;
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The OS picks a port nothing listens on, so we never take one already in use. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on `port` (on any interface, as a service binding 0.0.0.0 needs). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every process spawnManaged started that has not exited yet, in start order. */
export const running = new Set();

/** A process we started and will stop. */
export class ManagedProcess {
  exited = false;
  exitCode = null;
  exitSignal = null;
  /** Resolves when the process has exited, whoever ended it. */
  exit;

  constructor(name, child, pidFile, { stopSignal = 'SIGTERM', graceMs = 15_000 } = {}) {
    this.name = name;
    this.child = child;
    this.pidFile = pidFile;
    this.stopSignal = stopSignal;
    this.graceMs = graceMs;
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code;
        this.exitSignal = signal;
        if (pidFile) rmSync(pidFile, { force: true });
        resolve({ code, signal });
      });
    });
  }

  get pid() {
    return this.child.pid;
  }

  /** Asks it to stop; after the grace period, kills it. */
  async stop() {
    if (this.exited) return;
    say('start', `stopping ${this.name} (pid ${this.pid})`);
    this.child.kill(this.stopSignal);
    const timer = setTimeout(() => {
      if (!this.exited) {
        say('start', `${this.name} did not stop within ${this.graceMs / 1000} s: killing it`);
        this.child.kill('SIGKILL');
      }
    }, this.graceMs);
    await this.exit;
    clearTimeout(timer);
  }

  /** Synchronous last resort (the launcher is exiting): signal it and do not wait. */
  signalNow(signal = this.stopSignal) {
    if (!this.exited) this.child.kill(signal);
  }
}

/**
 * Spawns `command` detached (its own process group), records its pid, and prefixes its output
 * lines with `name`. `filter(line)` may rewrite a line or return undefined to hide it.
 */
export function spawnManaged(name, command, args, { runDir, env, cwd, uid, gid, filter = (line) => line, ...stopOptions }) {
  const child = spawn(command, args, { cwd, env, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('error', (error) => say(name, `failed to start ${command}: ${error.message}`));
  let pidFile;
  if (runDir && child.pid) {
    mkdirSync(runDir, { recursive: true });
    pidFile = join(runDir, `${name}.pid`);
    writeFileSync(pidFile, `${child.pid}\n${command}\n`);
  }
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      const shown = filter(line);
      if (shown !== undefined) say(name, shown);
    });
  }
  const managed = new ManagedProcess(name, child, pidFile, stopOptions);
  running.add(managed);
  void managed.exit.then(() => running.delete(managed));
  return managed;
}

/** Resolves when a line of the child's output matches `pattern`; rejects if it exits first or time runs out. */
export function waitForOutput(managed, pattern, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    let recent = '';
    const onData = (chunk) => {
      recent = (recent + chunk.toString()).slice(-4000);
      if (pattern.test(recent)) done(resolve);
    };
    const timer = setTimeout(() => done(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s:\n${recent}`))), timeoutMs);
    const onExit = () => done(() => reject(new Error(`${what} exited during start-up:\n${recent}`)));
    function done(settle) {
      clearTimeout(timer);
      managed.child.stdout.off('data', onData);
      managed.child.stderr.off('data', onData);
      managed.child.off('exit', onExit);
      settle();
    }
    managed.child.stdout.on('data', onData);
    managed.child.stderr.on('data', onData);
    managed.child.once('exit', onExit);
  });
}

/**
 * Stops processes a previous run left behind (its terminal was closed, it was killed with -9):
 * each .data/run/<name>.pid whose process still runs the recorded command gets `signal` and is
 * waited for, so it no longer holds our ports, data folder or store.
 */
export async function stopLeftovers(runDir, signals = {}) {
  if (!existsSync(runDir)) return;
  for (const file of readdirSync(runDir).filter((entry) => entry.endsWith('.pid'))) {
    const path = join(runDir, file);
    const [pidText, command] = readFileSync(path, 'utf8').split('\n');
    const pid = Number(pidText);
    const name = file.slice(0, -'.pid'.length);
    if (pid > 0 && isAlive(pid) && runsCommand(pid, command)) {
      say('start', `stopping ${name} (pid ${pid}) left running by a previous run`);
      const signal = signals[name] ?? 'SIGTERM';
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
      for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await sleep(100);
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(path, { force: true });
  }
}

function runsCommand(pid, command) {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return process.platform !== 'linux'; // elsewhere trust the pid file
  return readFileSync(cmdline, 'utf8').split('\0').join(' ').includes(command);
}
