/**
 * An in-process hub for hub tests: real Fastify, real database (see test-database.ts), real Argon2id
 * (with low cost so the suite stays fast), and a clock the test can move forward.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createPasswordHasher, type PasswordHasher } from '../../server/accounts/password-hasher.ts';
import { buildHub } from '../../server/app.ts';
import { type HubConfig, loadConfig } from '../../server/config.ts';
import { loggerOptions } from '../../server/logger.ts';
import type { Mailer } from '../../server/mail/mailer.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestClock {
  (): number;
  advance(ms: number): void;
}

export function createTestClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let now = start;
  const clock = (() => now) as TestClock;
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

/**
 * For suites about something else (validation, the bad-input battery) that send many failing
 * attempts from one address on purpose: the Security Check would otherwise answer instead of the
 * validation under test. The abuse limits themselves are tested with the real defaults
 * (tests/hub/security-check-*.test.ts).
 */
export const RELAXED_ABUSE_LIMITS: Record<string, string> = {
  CAPTCHA_AFTER_FAILURES: '100',
  ACCOUNT_FAILURE_CEILING: '100000',
  IP_ATTEMPT_CEILING: '1000000',
};

export interface TestHub {
  app: FastifyInstance;
  config: HubConfig;
  testDatabase: TestDatabase;
  clock: TestClock;
  close(): Promise<void>;
}

export interface TestHubOptions {
  env?: Record<string, string>;
  mailer?: Mailer;
  clock?: TestClock;
  logger?: boolean;
  /**
   * Receives every log line (newline-delimited JSON) of the hub's real logger configuration —
   * redaction and serializers included — at the most verbose level, for tests about what is logged.
   */
  logStream?: { write(line: string): void };
  /** Lets a test observe or wrap the password hasher (e.g. count how many passwords were checked). */
  wrapHasher?: (hasher: PasswordHasher) => PasswordHasher;
}

export async function createTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const testDatabase = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DEV_MODE: 'true',
    PUBLIC_URL: 'http://hub.test',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    // As a production hub should run: authenticator secrets sealed at rest (a test may unset it with '').
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...options.env,
  });
  const clock = options.clock ?? createTestClock();
  const realHasher = await createPasswordHasher(config.argon2);
  const hasher = options.wrapHasher ? options.wrapHasher(realHasher) : realHasher;
  const app = await buildHub({
    config,
    database: testDatabase.database,
    hasher,
    clock,
    logger: options.logStream ? { ...loggerOptions('trace'), stream: options.logStream } : (options.logger ?? false),
    ...(options.mailer ? { mailer: options.mailer } : {}),
  });
  await app.ready();
  return {
    app,
    config,
    testDatabase,
    clock,
    async close() {
      await app.close();
      await testDatabase.dispose();
    },
  };
}
