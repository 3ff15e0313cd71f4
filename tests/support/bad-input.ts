/**
 * Shared pieces of the bad-input battery: which routes exist (read from the hub's own OpenAPI
 * document plus the hidden pages), a valid body per body-taking route to mutate, and the checks every
 * refusal must pass — a 4xx, never a 5xx, `{ error: { code, message } }` with a known code, and no
 * stack trace or file path in what the client sees.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { expect } from 'vitest';
import { ErrorBody } from '../../lib/protocol/errors.ts';
import { PUSH_BODY_LIMIT_BYTES } from '../../server/vault/sync-routes.ts';
import { GOOD_PASSWORD, newDevice, uniqueEmail } from './hub-client.ts';
import type { TestHub } from './test-hub.ts';

export type Method = 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';

export interface Route {
  method: Method;
  path: string;
  /** The JSON schema of the request body, for routes that take one. */
  body?: OpenAPIV3.SchemaObject;
  /** HTML page or otherwise not a JSON API route. */
  page?: boolean;
}

/** Routes hidden from the OpenAPI document on purpose; the battery covers them too. */
export const HIDDEN_ROUTES: Route[] = [
  { method: 'GET', path: '/activate', page: true },
  { method: 'GET', path: '/dev/outbox', page: true },
  { method: 'GET', path: '/dev/outbox.json' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/assets/hub.css', page: true },
  // The events WebSocket (OpenAPI cannot describe one); a plain GET is refused with 426.
  { method: 'GET', path: '/v1/events' },
];

/** A request body each body-taking route accepts as far as its shape goes. */
export const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  '/v1/accounts': () => ({ email: uniqueEmail('battery'), password: GOOD_PASSWORD, region: 'us', marketingConsent: false, device: newDevice() }),
  '/v1/accounts/activation': () => ({ token: 'act_not-a-real-token' }),
  '/v1/accounts/activation-email': () => ({ email: uniqueEmail('battery') }),
  '/v1/sessions': () => ({ email: uniqueEmail('battery'), password: GOOD_PASSWORD, device: newDevice() }),
  '/v1/sessions/refresh': () => ({ refreshToken: 'tsr_not-a-real-token' }),
  '/v1/security-check': () => ({ kind: 'sign_in' }),
  '/v1/account/two-step/phone': () => ({ phone: '+4915112345678', password: GOOD_PASSWORD }),
  '/v1/account/two-step/phone/verification': () => ({ code: '123456' }),
  '/v1/account/two-step/sms': () => ({ enabled: true, password: GOOD_PASSWORD }),
  '/v1/account/two-step/totp': () => ({ password: GOOD_PASSWORD }),
  '/v1/account/two-step/totp/confirmation': () => ({ code: '123456' }),
  '/v1/account/two-step/totp/removal': () => ({ password: GOOD_PASSWORD }),
  '/v1/devices/{id}': () => ({ name: 'Work laptop' }),
  '/v1/vault/keyset': () => ({
    replaces: null,
    kdf: { algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 4 },
    salt: Buffer.alloc(16, 7).toString('base64'),
    wrappedKey: Buffer.alloc(73, 9).toString('base64'),
  }),
  '/v1/vault/changes': () => ({
    batchId: '7a0e8b52-5c1f-4c8e-9d3a-2f6b1c0d4e5f',
    changes: [{ id: 'battery-item-0000001', baseRevision: 0, blob: Buffer.alloc(48, 5).toString('base64') }],
  }),
};

/** Routes that accept larger bodies than BODY_LIMIT_BYTES (`METHOD path` → bytes). */
export const ROUTE_BODY_LIMITS: Record<string, number> = {
  'POST /v1/vault/changes': PUSH_BODY_LIMIT_BYTES,
};

/** The largest body a route accepts. */
export function bodyLimitOf(route: Route, hub: TestHub): number {
  return Math.max(ROUTE_BODY_LIMITS[`${route.method} ${route.path}`] ?? 0, hub.config.bodyLimitBytes);
}

export async function discoverRoutes(hub: TestHub): Promise<Route[]> {
  const response = await hub.app.inject({ method: 'GET', url: '/openapi.json' });
  const doc = response.json() as OpenAPIV3.Document;
  const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, OpenAPIV3.OperationObject>).map(([method, operation]): Route => {
      const requestBody = operation.requestBody as OpenAPIV3.RequestBodyObject | undefined;
      const schema = requestBody?.content['application/json']?.schema as OpenAPIV3.SchemaObject | undefined;
      return { method: method.toUpperCase() as Method, path, ...(schema ? { body: schema } : {}) };
    }),
  );
  return [...documented, ...HIDDEN_ROUTES];
}

const LEAK = /\n\s*at |\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|\/work\/|node_modules|file:\/\/|FST_ERR|SQLITE|postgres|syntax error at/i;

/** A clean refusal: 4xx, the error envelope with a known code, nothing internal in it. */
export function expectRefused(response: LightMyRequestResponse, what: string): void {
  expect(response.statusCode, `${what}: status`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${what}: status`).toBeLessThan(500);
  expect(response.headers['content-type'], `${what}: content type`).toMatch(/^application\/json/);
  const parsed = ErrorBody.safeParse(safeJson(response));
  expect(parsed.success, `${what}: error envelope in ${response.body.slice(0, 300)}`).toBe(true);
  expect(response.body, `${what}: internals in the answer`).not.toMatch(LEAK);
}

/** Never a server fault; if the hub refuses, it refuses cleanly. Pages may answer in HTML. */
export function expectNoFault(response: LightMyRequestResponse, what: string): void {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (response.statusCode >= 400 && String(response.headers['content-type']).startsWith('application/json')) {
    expectRefused(response, what);
  }
  expect(response.body, `${what}: internals in the answer`).not.toMatch(LEAK);
}

function safeJson(response: LightMyRequestResponse): unknown {
  try {
    return response.json();
  } catch {
    return undefined;
  }
}

/** Values of the wrong JSON type for a schema property. */
export function wrongTypeValues(schema: OpenAPIV3.SchemaObject): unknown[] {
  const all: Record<string, unknown> = { string: 'text', number: 42, boolean: true, null: null, array: ['x'], object: { x: 1 } };
  const allowed = new Set<string>([schema.type ?? 'object']);
  if (schema.type === 'number' || schema.type === 'integer') allowed.add('number');
  if (schema.nullable) allowed.add('null');
  return Object.entries(all)
    .filter(([type]) => !allowed.has(type))
    .map(([, value]) => value);
}

/** Every (path into the body, property schema) pair, nested objects included. */
export function bodyFields(schema: OpenAPIV3.SchemaObject, prefix: string[] = []): { path: string[]; schema: OpenAPIV3.SchemaObject; required: boolean }[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const field = property as OpenAPIV3.SchemaObject;
    const here = { path: [...prefix, name], schema: field, required: required.has(name) };
    return field.type === 'object' ? [here, ...bodyFields(field, here.path)] : [here];
  });
}

/** A deep copy of `body` with the value at `path` replaced (or removed when `value` is `REMOVE`). */
export const REMOVE = Symbol('remove');
export function withField(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? '';
  if (value === REMOVE) delete node[last];
  // defineProperty, so that even a key named `__proto__` becomes a real own key of the JSON body.
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}
