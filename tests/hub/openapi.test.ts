import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

/** Every public route of the hub API (issue "Hub API"); the document must describe each. */
const PUBLIC_ROUTES = [
  ['get', '/health'],
  ['post', '/v1/accounts'],
  ['post', '/v1/accounts/activation'],
  ['post', '/v1/accounts/activation-email'],
  ['get', '/v1/account'],
  ['get', '/v1/regions'],
  ['post', '/v1/sessions'],
  ['post', '/v1/sessions/refresh'],
  ['delete', '/v1/sessions/current'],
  ['get', '/v1/devices'],
  ['patch', '/v1/devices/{id}'],
  ['delete', '/v1/devices/{id}'],
  ['post', '/v1/security-check'],
  ['get', '/v1/account/two-step'],
  ['post', '/v1/account/two-step/phone'],
  ['post', '/v1/account/two-step/phone/verification'],
  ['put', '/v1/account/two-step/sms'],
  ['post', '/v1/account/two-step/totp'],
  ['post', '/v1/account/two-step/totp/confirmation'],
  ['post', '/v1/account/two-step/totp/removal'],
  ['get', '/v1/vault/keyset'],
  ['put', '/v1/vault/keyset'],
  ['get', '/v1/vault/changes'],
  ['post', '/v1/vault/changes'],
] as const;

const NEEDS_BEARER = [
  'get /v1/account',
  'get /v1/devices',
  'patch /v1/devices/{id}',
  'delete /v1/devices/{id}',
  'delete /v1/sessions/current',
  'get /v1/account/two-step',
  'post /v1/account/two-step/phone',
  'post /v1/account/two-step/phone/verification',
  'put /v1/account/two-step/sms',
  'post /v1/account/two-step/totp',
  'post /v1/account/two-step/totp/confirmation',
  'post /v1/account/two-step/totp/removal',
  'get /v1/vault/keyset',
  'put /v1/vault/keyset',
  'get /v1/vault/changes',
  'post /v1/vault/changes',
];

/** Served but not in the document: OpenAPI cannot describe a WebSocket (protocol: lib/protocol/vault-sync.ts). */
const UNDOCUMENTED_V1_ROUTES = ['get /v1/events'];

/** Full paths of every route the running hub has, read from Fastify's own route tree. */
function registeredRoutes(hub: TestHub): string[] {
  const tree = hub.app.printRoutes({ commonPrefix: false });
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:├── |└── )(\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    // Fastify writes path parameters as `:id`, OpenAPI as `{id}`.
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    if (match[3]) for (const method of match[3].split(', ')) routes.push(`${method.toLowerCase()} ${path}`);
  }
  return routes;
}

describe('GET /openapi.json', () => {
  let hub: TestHub;
  let doc: OpenAPIV3.Document;
  beforeAll(async () => {
    hub = await createTestHub();
    const response = await hub.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    doc = response.json() as OpenAPIV3.Document;
  });
  afterAll(() => hub.close());

  const operation = (method: string, path: string) => (doc.paths[path] as Record<string, OpenAPIV3.OperationObject> | undefined)?.[method];

  it('is an OpenAPI 3 document about the hub when fetched', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: hub.config.version });
    expect(doc.servers).toEqual([{ url: 'http://hub.test' }]);
  });

  it.each(PUBLIC_ROUTES)('describes %s %s with a summary, a tag and its success answer', (method, path) => {
    const op = operation(method, path);
    expect(op).toBeDefined();
    expect(op?.summary).toEqual(expect.any(String));
    expect(op?.tags?.length).toBeGreaterThan(0);
    expect(Object.keys(op?.responses ?? {}).some((status) => status.startsWith('2'))).toBe(true);
  });

  it('describes every /v1 route the hub serves when compared with the route table', () => {
    const served = registeredRoutes(hub).filter((route) => / \/v1\//.test(route) && !route.startsWith('head ') && !UNDOCUMENTED_V1_ROUTES.includes(route));
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method} ${path}`));
    expect(served.length).toBeGreaterThanOrEqual(9);
    expect(documented.sort()).toEqual(expect.arrayContaining(served.sort()));
  });

  it('documents nothing beyond the public routes when listing paths', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(PUBLIC_ROUTES.map(([method, path]) => `${method} ${path}`).sort());
  });

  it('describes the account creation body with its fields and no extra ones', () => {
    const body = operation('post', '/v1/accounts')?.requestBody as OpenAPIV3.RequestBodyObject;
    const schema = body.content['application/json']?.schema as OpenAPIV3.SchemaObject;
    expect(schema.required).toEqual(expect.arrayContaining(['email', 'password', 'region', 'marketingConsent']));
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['email', 'password', 'region', 'marketingConsent', 'device']));
  });

  it('offers the bearer scheme when listing security schemes', () => {
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it.each(NEEDS_BEARER)('marks %s as needing a bearer token', (route) => {
    const [method = '', path = ''] = route.split(' ');
    expect(operation(method, path)?.security).toEqual([{ bearer: [] }]);
  });

  it('marks the activation-email resend as taking an optional bearer token', () => {
    expect(operation('post', '/v1/accounts/activation-email')?.security).toEqual([{ bearer: [] }, {}]);
  });

  it.each([['post', '/v1/accounts'], ['post', '/v1/sessions'], ['get', '/v1/regions'], ['get', '/health']])(
    'does not ask for a token on %s %s',
    (method, path) => {
      expect(operation(method, path)?.security).toBeUndefined();
    },
  );
});
