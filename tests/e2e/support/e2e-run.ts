/**
 * One end-to-end test file's run: every browser, hub and server it starts is registered here and
 * closed in afterAll even when a test fails, temporary folders are removed, diagnostics (the hub's
 * log, the popup's console) are printed for a failed test, and an outer time limit closes everything
 * if the run hangs, so a stuck browser can never keep the test runner alive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';

export interface E2eRun {
  /** Registers a close function; they run last-in first-out at the end of the file (or at the time limit). */
  defer(label: string, close: () => Promise<void> | void): void;
  /** A fresh temporary folder, removed at the end of the file. */
  tempDir(prefix: string): string;
  /** Text printed when a test fails (e.g. the tail of the hub's log). */
  diagnose(label: string, describe: () => string): void;
  /** Names the step in progress, so a failure or the time limit says where the run was. */
  step(name: string): void;
}

const DEFAULT_LIMIT_MS = Number(process.env.E2E_TIME_LIMIT_MS ?? 8 * 60_000);
const CLOSE_TIMEOUT_MS = 15_000;

function withTimeout<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Call once at the top of an e2e test file (or describe block). */
export function useE2eRun(options: { timeLimitMs?: number } = {}): E2eRun {
  const closers: { label: string; close: () => Promise<void> | void }[] = [];
  const diagnostics: { label: string; describe: () => string }[] = [];
  let currentStep = '(not started)';

  const closeAll = async (): Promise<void> => {
    const errors: string[] = [];
    while (closers.length > 0) {
      const { label, close } = closers.pop()!;
      try {
        await withTimeout(Promise.resolve().then(close), CLOSE_TIMEOUT_MS, `closing ${label}`);
      } catch (error) {
        errors.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (errors.length > 0) console.warn(`e2e clean-up problems:\n  ${errors.join('\n  ')}`);
  };

  const limitMs = options.timeLimitMs ?? DEFAULT_LIMIT_MS;
  const deadline = setTimeout(() => {
    console.error(`e2e time limit of ${limitMs / 1000} s reached during step "${currentStep}"; closing browsers and hub.`);
    void closeAll();
  }, limitMs);
  deadline.unref();

  afterEach((context) => {
    if (context.task.result?.state !== 'fail') return;
    const parts = diagnostics.map(({ label, describe }) => {
      try {
        return `--- ${label} ---\n${describe()}`;
      } catch (error) {
        return `--- ${label} --- (unavailable: ${String(error)})`;
      }
    });
    console.error(`e2e test failed during step "${currentStep}".\n${parts.join('\n')}`);
  });

  afterAll(async () => {
    clearTimeout(deadline);
    await closeAll();
  });

  return {
    defer(label, close) {
      closers.push({ label, close });
    },
    tempDir(prefix) {
      const dir = mkdtempSync(path.join(tmpdir(), `tessera-e2e-${prefix}-`));
      closers.push({
        label: `temporary folder ${dir}`,
        close: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }),
      });
      return dir;
    },
    diagnose(label, describe) {
      diagnostics.push({ label, describe });
    },
    step(name) {
      currentStep = name;
    },
  };
}
