/** Bad bodies of every kind at every route: malformed JSON, wrong media types, wrong shapes, size. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitOf, discoverRoutes, expectNoFault, expectRefused, type Route, VALID_BODIES } from '../support/bad-input.ts';
import { createTestHub, type TestHub, RELAXED_ABUSE_LIMITS } from '../support/test-hub.ts';

const MALFORMED_JSON = [
  '{',
  '}',
  '{"email":',
  "{'email': 'a@b.co'}",
  '{"email": "a@b.co",}',
  '{"a":1}}',
  '[1,]',
  'nul',
  'NaN',
  'undefined',
  '{"a": 01}',
  '{"a": "\u0000\u0001"',
  '{"a":"\\uD800"',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
];

/** Valid JSON, but not a request object (a BOM-prefixed empty object lacks every field). */
const NOT_AN_OBJECT = ['null', 'true', '0', '-1.5e300', '"text"', '[]', '[{}]', '""', '\uFEFF{}', '{}'];

const WRONG_MEDIA_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/jsonx',
  'json',
  '*/*',
];

describe('bad request bodies', () => {
  let hub: TestHub;
  let routes: Route[];
  let bodyRoutes: Route[];
  beforeAll(async () => {
    hub = await createTestHub({ env: RELAXED_ABUSE_LIMITS });
    routes = await discoverRoutes(hub);
    // DELETE takes no body by contract, but a client may still send one.
    bodyRoutes = routes.filter((route) => route.body || route.method === 'DELETE');
  });
  afterAll(() => hub.close());

  const send = (route: Route, payload: string, contentType?: string) =>
    hub.app.inject({
      method: route.method,
      url: route.path,
      payload,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
    });

  it('knows a valid body for every documented route that takes one', () => {
    const documented = routes.filter((route) => route.body).map((route) => route.path);
    expect(documented.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(VALID_BODIES).sort()).toEqual(documented.sort());
  });

  it('answers 400 invalid_json when the body is malformed JSON', async () => {
    for (const route of bodyRoutes) {
      for (const payload of MALFORMED_JSON) {
        const response = await send(route, payload, 'application/json');
        expectRefused(response, `${route.method} ${route.path} ${JSON.stringify(payload)}`);
        expect(response.json(), `${route.path} ${JSON.stringify(payload)}`).toMatchObject({ error: { code: 'invalid_json' } });
      }
    }
  });

  it('answers 415 unsupported_media_type when the body is not sent as JSON', async () => {
    for (const route of bodyRoutes) {
      const payload = JSON.stringify(VALID_BODIES[route.path]?.() ?? {});
      for (const type of WRONG_MEDIA_TYPES) {
        const response = await send(route, payload, type);
        expectRefused(response, `${route.method} ${route.path} as ${type}`);
        expect(response.statusCode, `${route.path} as ${type}`).toBe(415);
      }
    }
  });

  it('answers 415 when a body comes without any content type', async () => {
    for (const route of bodyRoutes) {
      const response = await send(route, JSON.stringify(VALID_BODIES[route.path]?.() ?? {}));
      expectRefused(response, `${route.method} ${route.path} without content type`);
      expect(response.statusCode).toBe(415);
    }
  });

  it('answers 400 when the JSON body is empty', async () => {
    for (const route of bodyRoutes) {
      const response = await send(route, '', 'application/json');
      expectRefused(response, `${route.method} ${route.path} empty`);
    }
  });

  it('refuses a body that is not an object when the route takes one', async () => {
    for (const route of routes.filter((r) => r.body)) {
      for (const payload of NOT_AN_OBJECT) {
        const response = await send(route, payload, 'application/json');
        expectRefused(response, `${route.method} ${route.path} ${payload}`);
      }
    }
  });

  it('answers 413 payload_too_large when the body is over BODY_LIMIT_BYTES or the route limit', async () => {
    for (const route of bodyRoutes) {
      const payload = JSON.stringify({ ...VALID_BODIES[route.path]?.(), padding: 'x'.repeat(bodyLimitOf(route, hub)) });
      const response = await send(route, payload, 'application/json');
      expectRefused(response, `${route.method} ${route.path} oversized`);
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    }
  });

  it('refuses deeply nested JSON without a fault when the nesting is thousands of levels deep', async () => {
    const depth = 5_000; // within the default 64 KiB body limit, so the parser really sees it
    const arrays = '['.repeat(depth) + ']'.repeat(depth);
    const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    for (const route of bodyRoutes) {
      for (const payload of [arrays, objects, `{"email":${arrays}}`, `{"device":${objects}}`]) {
        const response = await send(route, payload, 'application/json');
        expectRefused(response, `${route.method} ${route.path} nested`);
      }
    }
  });

  it('never faults when GET routes receive a body they do not expect', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      for (const [payload, type] of [
        ['{', 'application/json'],
        ['x'.repeat(100_000), 'application/json'],
        ['a=b', 'application/x-www-form-urlencoded'],
      ]) {
        expectNoFault(await send(route, payload ?? '', type), `${route.method} ${route.path} with a body`);
      }
    }
  });
});
