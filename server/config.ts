/**
 * The hub's configuration, read from environment variables and validated once at start-up.
 * A wrong value stops the hub with a message naming the variable; nothing reads process.env later.
 */
import path from 'node:path';
import { z } from 'zod';
import { SYNC_LIMITS } from '../lib/protocol/vault-sync.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** Where the hub is reachable from browsers; activation links point here. Defaults to http://HOST:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Folder for the embedded SQLite database (ignored when DATABASE_URL is set). */
  DATA_DIR: z.string().min(1).default('./data'),
  /** postgres://… switches from the embedded SQLite file to PostgreSQL. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** smtp://user:pass@host:port or smtps://…; without it mail goes to the development outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('My Tessera <no-reply@tessera.localhost>'),
  /** Development mode: the /dev/outbox page and mail kept in the database instead of sent. */
  DEV_MODE: booleanFlag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ACTIVATION_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24 * 7),
  /** Argon2id cost for account-password hashes (OWASP 2024 minimum by default: 19 MiB, t=2, p=1). */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8).max(1_048_576).default(19_456),
  ARGON2_ITERATIONS: z.coerce.number().int().min(1).max(20).default(2),
  /** Bytes; the largest JSON body any route accepts. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(64 * 1024),
  /** Set when a reverse proxy in front of the hub sets X-Forwarded-For (e.g. "127.0.0.1" or "true"). */
  TRUST_PROXY: z.string().optional(),
  /** redis://… — rate-limit counters shared by every hub process; without it they live in this process. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every Redis key, so several hubs (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/).default('tessera'),
  /**
   * How change notifications reach every hub process: auto = Redis pub/sub when REDIS_URL is set, else
   * PostgreSQL LISTEN/NOTIFY when DATABASE_URL is set, else in this process only.
   */
  EVENTS_NOTIFIER: z.enum(['auto', 'memory', 'postgres', 'redis']).default('auto'),
  /** Failures (per account email, per IP + device) after which attempts need a solved Security Check. */
  CAPTCHA_AFTER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  /** The window those failures are counted in. */
  FAILURE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Seconds a Security Check picture can be answered. */
  CAPTCHA_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** Hard ceiling: failed attempts per account email per hour, then 429 until the hour is over. */
  ACCOUNT_FAILURE_CEILING: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Hard ceiling: sign-in, registration and new-picture requests per IP address per hour, then 429. */
  IP_ATTEMPT_CEILING: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** 32 random bytes, base64 (`openssl rand -base64 32`): seals authenticator-app secrets in the database. */
  TOTP_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), '32 bytes, base64-encoded')
    .optional(),
  /** Twilio-compatible SMS gateway (base URL, e.g. https://api.twilio.com); without it SMS go to the development outbox. */
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMS_ACCOUNT_SID: z.string().min(1).max(128).optional(),
  SMS_AUTH_TOKEN: z.string().min(1).max(256).optional(),
  /** The sender number (E.164) or alphanumeric sender id. */
  SMS_FROM: z.string().min(1).max(32).optional(),
  /** Items (tombstones excluded) one account may keep in its vault; a push past it is refused with 403 quota_exceeded. */
  VAULT_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000_000).default(SYNC_LIMITS.maxItemsPerAccount),
});

export type HubConfig = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  devMode: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  activationLinkTtlHours: number;
  argon2: { memoryKib: number; iterations: number };
  bodyLimitBytes: number;
  trustProxy: string | undefined;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  eventsNotifier: 'auto' | 'memory' | 'postgres' | 'redis';
  abuse: {
    captchaAfterFailures: number;
    failureWindowSeconds: number;
    captchaTtlSeconds: number;
    accountFailureCeiling: number;
    ipAttemptCeiling: number;
  };
  /** null: SMS go to the development outbox (development mode) or are unavailable (production). */
  smsGateway: { url: string; accountSid: string; authToken: string; from: string } | null;
  /** null: authenticator secrets are stored unsealed (the hub warns in production). */
  totpEncryptionKey: Buffer | null;
  /** Live (not deleted) vault items per account. */
  vaultMaxItems: number;
  version: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates the environment. Throws ConfigError naming every bad variable.
 * An empty variable (`PORT=` in a shell or an env file) counts as unset: otherwise `PORT=` would
 * silently become port 0, a random port.
 */
export function loadConfig(env: Record<string, string | undefined>, version = '0.0.0'): HubConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = set[name] ?? '';
      const shown = /TOKEN|SECRET|PASSWORD|KEY/.test(name) ? '[hidden]' : name.endsWith('_URL') ? withoutCredentials(value) : value;
      return `  ${name}=${JSON.stringify(shown)}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid hub configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const devMode = e.DEV_MODE ?? !production;
  if (production && devMode) {
    throw new ConfigError(
      'Invalid hub configuration:\n  DEV_MODE=true: development mode is refused when NODE_ENV=production',
    );
  }
  if (production && !e.SMTP_URL) {
    throw new ConfigError(
      'Invalid hub configuration:\n  SMTP_URL is required when NODE_ENV=production (activation mail must be delivered)',
    );
  }
  const smsSettings = [e.SMS_GATEWAY_URL, e.SMS_ACCOUNT_SID, e.SMS_AUTH_TOKEN, e.SMS_FROM];
  const smsSet = smsSettings.filter((value) => value !== undefined).length;
  if (smsSet !== 0 && smsSet !== smsSettings.length) {
    throw new ConfigError(
      'Invalid hub configuration:\n  SMS_GATEWAY_URL, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM must be set together',
    );
  }
  if (e.EVENTS_NOTIFIER === 'postgres' && !e.DATABASE_URL) {
    throw new ConfigError('Invalid hub configuration:\n  EVENTS_NOTIFIER=postgres needs DATABASE_URL (PostgreSQL)');
  }
  if (e.EVENTS_NOTIFIER === 'redis' && !e.REDIS_URL) {
    throw new ConfigError('Invalid hub configuration:\n  EVENTS_NOTIFIER=redis needs REDIS_URL');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://${formatHost(e.HOST)}:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    devMode,
    logLevel: e.LOG_LEVEL,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    activationLinkTtlHours: e.ACTIVATION_LINK_TTL_HOURS,
    argon2: { memoryKib: e.ARGON2_MEMORY_KIB, iterations: e.ARGON2_ITERATIONS },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    eventsNotifier: e.EVENTS_NOTIFIER,
    abuse: {
      captchaAfterFailures: e.CAPTCHA_AFTER_FAILURES,
      failureWindowSeconds: e.FAILURE_WINDOW_MINUTES * 60,
      captchaTtlSeconds: e.CAPTCHA_TTL_SECONDS,
      accountFailureCeiling: e.ACCOUNT_FAILURE_CEILING,
      ipAttemptCeiling: e.IP_ATTEMPT_CEILING,
    },
    smsGateway:
      e.SMS_GATEWAY_URL && e.SMS_ACCOUNT_SID && e.SMS_AUTH_TOKEN && e.SMS_FROM
        ? { url: e.SMS_GATEWAY_URL, accountSid: e.SMS_ACCOUNT_SID, authToken: e.SMS_AUTH_TOKEN, from: e.SMS_FROM }
        : null,
    totpEncryptionKey: e.TOTP_ENCRYPTION_KEY ? Buffer.from(e.TOTP_ENCRYPTION_KEY, 'base64') : null,
    vaultMaxItems: e.VAULT_MAX_ITEMS,
    version,
  };
}

/** The message goes to the terminal and to log collectors: a URL's user:password must not. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, '$1[credentials]@');
}

function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
