/** `node server/main.ts` as a real child process: start-up refusals, a real listen, a clean stop. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(root, 'server/main.ts');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startMain(env: Record<string, string>): Run {
  // Only what the hub needs: the test runner's own variables must not leak into its configuration.
  const child = spawn(process.execPath, [MAIN], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('node server/main.ts', () => {
  const running: Run[] = [];
  let database: TestDatabase | undefined;
  afterEach(async () => {
    for (const run of running.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
    }
    await database?.dispose();
    database = undefined;
  });

  it('exits non-zero naming PORT when PORT=abc', async () => {
    const run = startMain({ PORT: 'abc' });
    running.push(run);
    const { code } = await run.exited;
    expect(code).not.toBe(0);
    expect(run.stderr()).toContain('PORT=');
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero naming SMTP_URL when NODE_ENV=production has no mail server', async () => {
    const run = startMain({ NODE_ENV: 'production' });
    running.push(run);
    const { code } = await run.exited;
    expect(code).not.toBe(0);
    expect(run.stderr()).toContain('SMTP_URL');
  });

  it('serves /health on the configured address and stops cleanly on SIGTERM', async () => {
    // A private database (its own SQLite file or PostgreSQL schema), opened by the child through env.
    database = await createTestDatabase();
    const run = startMain({ ...database.env, PORT: '0', HOST: '127.0.0.1', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' });
    running.push(run);
    const address = await waitFor('the hub to listen', () => /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout())?.[1]);
    const response = await fetch(`${address}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', service: 'tessera-hub' });
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });
});
