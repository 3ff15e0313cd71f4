/**
 * The real hub as a child process (`node server/main.ts`), as a user runs it: on 127.0.0.1 with a
 * free port and whatever environment the caller gives (database, SMTP, Argon2 cost). Its output is
 * kept so a failure can show the hub's log. stop() then start() again keeps the port and the
 * database (a hub restart). Used by the end-to-end tests and the benchmarks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export interface HubProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The last lines the hub printed (stdout and stderr). */
  log(): string;
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL if the hub has not exited after a few seconds. */
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const LOG_LINES = 300;

/** A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

/**
 * Starts a hub. `env` is laid over a neutral base (development mode, warn-level logs, no inherited
 * DATABASE_URL or SMTP_URL), so the caller states the database and mail delivery explicitly.
 */
export async function startHubProcess(options: { env: Record<string, string> }): Promise<HubProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  let child: ChildProcess | undefined;

  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'SMTP_URL', 'DATA_DIR', 'PUBLIC_URL']) delete env[name];
  Object.assign(env, { NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, DEV_MODE: 'true', LOG_LEVEL: 'warn' }, options.env);

  const hub: HubProcess = {
    url,
    port,
    log: () => lines.join('\n'),
    async start() {
      if (child) throw new Error('the hub is already running');
      const started = spawn(process.execPath, ['server/main.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      started.stdout?.on('data', remember);
      started.stderr?.on('data', remember);
      const exited = new Promise<never>((_, reject) =>
        started.once('exit', (code, signal) => reject(new Error(`the hub exited during start-up (${signal ?? `code ${code}`})`))),
      );
      exited.catch(() => undefined);
      try {
        await Promise.race([waitForHealth(url), exited]);
      } catch (error) {
        await hub.stop();
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- hub log ---\n${hub.log()}`, { cause: error });
      }
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS);
      await gone;
      clearTimeout(timer);
    },
  };
  await hub.start();
  return hub;
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the hub at ${url} did not answer GET /health within ${START_TIMEOUT_MS} ms (last: ${last})`);
}

/**
 * Two hub processes on one database (the environment names it), started one after the other so the
 * first runs the migrations. If the second fails to start, the first is stopped again.
 */
export async function startTwoHubs(env: Record<string, string>): Promise<[HubProcess, HubProcess]> {
  const first = await startHubProcess({ env });
  try {
    return [first, await startHubProcess({ env })];
  } catch (error) {
    await first.stop();
    throw error;
  }
}
