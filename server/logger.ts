/**
 * Logger options for the hub. Logs may hold ids, counts and error codes — never passwords, tokens,
 * codes, captcha answers or item fields. Request URLs are logged without their query string because
 * activation links carry their token there.
 */
import type { FastifyServerOptions } from 'fastify';

/** Field names that are masked wherever they appear (two levels deep) in a logged object. */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'code',
  'answer',
  'secret',
  'wrappedKey',
  'salt',
  'blob',
  'phone',
  'recoveryCodes',
  'otpauthUri',
  'authToken',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
];

export type HubLoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

export function loggerOptions(level: string): HubLoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(request: { method: string; url: string; id: string }) {
        return { id: request.id, method: request.method, url: withoutQuery(request.url) };
      },
    },
  };
}

export function withoutQuery(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : `${url.slice(0, index)}?[redacted]`;
}
