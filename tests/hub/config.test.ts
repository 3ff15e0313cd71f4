import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

/** The message loadConfig refuses `env` with (fails the test if it accepts it). */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('listens on 127.0.0.1:8787 in development mode when nothing is set', () => {
    expect(config).toMatchObject({ env: 'development', host: '127.0.0.1', port: 8787, devMode: true });
  });

  it('points links at the listening address when PUBLIC_URL is not set', () => {
    expect(config.publicUrl).toBe('http://127.0.0.1:8787');
  });

  it('uses the embedded database under ./data when DATABASE_URL is not set', () => {
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('./data'));
  });

  it('uses the development outbox when SMTP_URL is not set', () => {
    expect(config.smtpUrl).toBeUndefined();
  });

  it('uses the lifetimes of the issue when none are set', () => {
    expect(config).toMatchObject({ accessTokenTtlSeconds: 900, refreshTokenTtlDays: 30, activationLinkTtlHours: 7 * 24 });
  });

  it('uses at least the OWASP minimum Argon2id cost when none is set', () => {
    expect(config.argon2.memoryKib).toBeGreaterThanOrEqual(19_456);
    expect(config.argon2.iterations).toBeGreaterThanOrEqual(2);
  });

  it('limits bodies to a small size when BODY_LIMIT_BYTES is not set', () => {
    expect(config.bodyLimitBytes).toBe(64 * 1024);
  });

  it('treats an empty variable as unset when PORT= is given without a value', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8787);
  });
});

describe('loadConfig values', () => {
  it('reads PORT as a number when it is valid', () => {
    expect(loadConfig({ PORT: '9000' }).port).toBe(9000);
  });

  it('drops a trailing slash from PUBLIC_URL when one is given', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://tessera.example/' }).publicUrl).toBe('https://tessera.example');
  });

  it('brackets an IPv6 HOST when building the default public address', () => {
    expect(loadConfig({ HOST: '::1', PORT: '8080' }).publicUrl).toBe('http://[::1]:8080');
  });

  it('accepts production when SMTP_URL is set and development mode is off', () => {
    const config = loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtps://mail.example:465' });
    expect(config).toMatchObject({ env: 'production', devMode: false });
  });

  it.each(['true', '1', 'yes'])('turns development mode on when DEV_MODE=%s', (value) => {
    expect(loadConfig({ DEV_MODE: value }).devMode).toBe(true);
  });

  it.each(['false', '0', 'no'])('turns development mode off when DEV_MODE=%s', (value) => {
    expect(loadConfig({ DEV_MODE: value }).devMode).toBe(false);
  });
});

describe('loadConfig refusals', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://root@db/tessera'],
    ['DATABASE_URL', 'not a url'],
    ['SMTP_URL', 'http://mail.example'],
    ['PUBLIC_URL', 'ftp://tessera.example'],
    ['NODE_ENV', 'staging'],
    ['DEV_MODE', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['ACCESS_TOKEN_TTL_SECONDS', '5'],
    ['BODY_LIMIT_BYTES', '10'],
    ['ARGON2_MEMORY_KIB', 'lots'],
  ])('names %s when it is %j', (name, value) => {
    expect(refusal({ [name]: value })).toContain(`${name}=`);
  });

  it('names every bad variable when several are wrong', () => {
    const message = refusal({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(message).toContain('PORT=');
    expect(message).toContain('LOG_LEVEL=');
  });

  it('refuses development mode when NODE_ENV=production and DEV_MODE=true', () => {
    const message = refusal({ NODE_ENV: 'production', DEV_MODE: 'true', SMTP_URL: 'smtp://mail.example' });
    expect(message).toContain('DEV_MODE');
    expect(message).toContain('production');
  });

  it('refuses production when SMTP_URL is not set', () => {
    expect(refusal({ NODE_ENV: 'production' })).toContain('SMTP_URL');
  });

  it.each([
    ['DATABASE_URL', 'mysql://tessera:hunter2-secret@db.example/tessera'],
    ['SMTP_URL', 'http://mailer:hunter2-secret@mail.example'],
  ])('does not print the password inside a refused %s', (name, value) => {
    const message = refusal({ [name]: value });
    expect(message).toContain(name);
    expect(message).not.toContain('hunter2-secret');
  });
});

describe('loadConfig refusal messages', () => {
  it('does not print the password of a refused URL written without a scheme', () => {
    expect(refusal({ DATABASE_URL: 'tessera:hunter2-secret@db.example/tessera' })).not.toContain('hunter2-secret');
  });

  it('still shows the host of a refused URL so the mistake can be found', () => {
    expect(refusal({ DATABASE_URL: 'mysql://tessera:pw@db.example/tessera' })).toContain('mysql://[credentials]@db.example/tessera');
  });
});

describe('abuse protection and SMS settings', () => {
  it('defaults to a Security Check after 3 failures in 15 minutes, 5-minute pictures and documented ceilings', () => {
    expect(loadConfig({}).abuse).toEqual({
      captchaAfterFailures: 3,
      failureWindowSeconds: 900,
      captchaTtlSeconds: 300,
      accountFailureCeiling: 30,
      ipAttemptCeiling: 300,
    });
  });

  it('counts in memory unless REDIS_URL is set, and refuses a URL that is not redis://', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(refusal({ REDIS_URL: 'http://127.0.0.1:6379' })).toContain('REDIS_URL');
  });

  it('chooses the change-notification fan-out automatically unless EVENTS_NOTIFIER says otherwise', () => {
    expect(loadConfig({}).eventsNotifier).toBe('auto');
    expect(loadConfig({ EVENTS_NOTIFIER: 'memory', REDIS_URL: 'redis://127.0.0.1:6379' }).eventsNotifier).toBe('memory');
    expect(loadConfig({ EVENTS_NOTIFIER: 'postgres', DATABASE_URL: 'postgres://db/tessera' }).eventsNotifier).toBe('postgres');
    expect(loadConfig({ EVENTS_NOTIFIER: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }).eventsNotifier).toBe('redis');
    expect(refusal({ EVENTS_NOTIFIER: 'kafka' })).toContain('EVENTS_NOTIFIER');
    expect(refusal({ EVENTS_NOTIFIER: 'postgres' })).toContain('DATABASE_URL');
    expect(refusal({ EVENTS_NOTIFIER: 'redis' })).toContain('REDIS_URL');
  });

  it('takes configurable thresholds and refuses nonsense', () => {
    expect(loadConfig({ CAPTCHA_AFTER_FAILURES: '5', FAILURE_WINDOW_MINUTES: '30' }).abuse).toMatchObject({ captchaAfterFailures: 5, failureWindowSeconds: 1800 });
    expect(refusal({ CAPTCHA_AFTER_FAILURES: '0' })).toContain('CAPTCHA_AFTER_FAILURES');
    expect(refusal({ IP_ATTEMPT_CEILING: 'many' })).toContain('IP_ATTEMPT_CEILING');
  });

  it('uses an SMS gateway only when all four SMS settings are set', () => {
    expect(loadConfig({}).smsGateway).toBeNull();
    const gateway = { SMS_GATEWAY_URL: 'https://api.twilio.com', SMS_ACCOUNT_SID: 'AC123', SMS_AUTH_TOKEN: 'secret-token', SMS_FROM: '+15005550006' };
    expect(loadConfig(gateway).smsGateway).toEqual({ url: 'https://api.twilio.com', accountSid: 'AC123', authToken: 'secret-token', from: '+15005550006' });
    expect(refusal({ ...gateway, SMS_FROM: '' , SMS_AUTH_TOKEN: 'secret-token' })).toContain('must be set together');
  });

  it('never repeats a bad SMS_AUTH_TOKEN in its refusal', () => {
    const message = refusal({ SMS_AUTH_TOKEN: 'x'.repeat(300) + 'leak-me' });
    expect(message).toContain('SMS_AUTH_TOKEN');
    expect(message).not.toContain('leak-me');
  });
});

describe('TOTP_ENCRYPTION_KEY', () => {
  it('takes 32 base64 bytes, and is unset by default', () => {
    expect(loadConfig({}).totpEncryptionKey).toBeNull();
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ TOTP_ENCRYPTION_KEY: key }).totpEncryptionKey).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses a key of the wrong size without repeating it', () => {
    const short = Buffer.alloc(16, 9).toString('base64');
    const message = refusal({ TOTP_ENCRYPTION_KEY: short });
    expect(message).toContain('TOTP_ENCRYPTION_KEY');
    expect(message).not.toContain(short);
  });
});
