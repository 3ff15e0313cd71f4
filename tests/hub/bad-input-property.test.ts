/**
 * Property-based bad input (fast-check): generated bodies, near-miss objects, raw text, media types,
 * query strings and paths at every route. Runs are bounded per route so the suite stays fast; a
 * failure prints the seed and the shrunk counterexample to replay.
 */
import fc from 'fast-check';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyFields, discoverRoutes, expectNoFault, type Route } from '../support/bad-input.ts';
import { createTestHub, type TestHub, RELAXED_ABUSE_LIMITS } from '../support/test-hub.ts';

const RUNS = 50;
const PRINTABLE_ASCII = fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)));
const URL_JUNK = fc.constantFrom(...'%&=[]+;,?#/.aZ09é😀~!$\'()*:@'.split(''), '%00', '%zz', '%E0%A4', '%2F', '%25');

/** Any JSON-ish value, including the awkward ones (huge numbers, unicode keys, deep-ish nesting). */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.constantFrom(null, true, false, 0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', '\u0000'),
);

/** Objects that look like the route's body: its own field names with any values, plus strays. */
function nearMiss(schema: OpenAPIV3.SchemaObject): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(schema.properties ?? {});
  const own = fc.dictionary(names.length > 0 ? fc.constantFrom(...names) : fc.string(), anyValue, { maxKeys: names.length + 1 });
  const stray = fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 2 });
  return fc.tuple(own, stray, fc.boolean()).map(([mine, extra, addExtra]) => (addExtra ? { ...extra, ...mine } : mine));
}

describe('bad input, generated', () => {
  let hub: TestHub;
  let routes: Route[];
  let bodyRoutes: Route[];
  beforeAll(async () => {
    hub = await createTestHub({ env: RELAXED_ABUSE_LIMITS });
    routes = await discoverRoutes(hub);
    bodyRoutes = routes.filter((route) => route.body);
  });
  afterAll(() => hub.close());

  const send = (route: Route, payload: string | undefined, headers: Record<string, string> = {}, query = '') =>
    hub.app.inject({ method: route.method, url: `${route.path}${query}`, headers, ...(payload === undefined ? {} : { payload }) });

  it('never faults and refuses when a body route gets an arbitrary JSON value', async () => {
    for (const route of bodyRoutes) {
      const required = bodyFields(route.body ?? {}).some((field) => field.required);
      await fc.assert(
        fc.asyncProperty(anyValue, async (value) => {
          const response = await send(route, JSON.stringify(value) ?? 'null', { 'content-type': 'application/json' });
          expectNoFault(response, `${route.path} ${JSON.stringify(value)?.slice(0, 200)}`);
          if (required) expect(response.statusCode).toBeGreaterThanOrEqual(400);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('never faults when a body route gets near-miss objects with its own field names', async () => {
    for (const route of bodyRoutes) {
      await fc.assert(
        fc.asyncProperty(nearMiss(route.body ?? {}), async (body) => {
          const response = await send(route, JSON.stringify(body), { 'content-type': 'application/json' });
          expectNoFault(response, `${route.path} ${JSON.stringify(body).slice(0, 200)}`);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('refuses arbitrary text sent as JSON to a body route', async () => {
    for (const route of bodyRoutes) {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
          const response = await send(route, text, { 'content-type': 'application/json' });
          expectNoFault(response, `${route.path} ${JSON.stringify(text).slice(0, 200)}`);
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('never faults when any route gets an arbitrary content type with a body', async () => {
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: PRINTABLE_ASCII, maxLength: 80 }), fc.string({ maxLength: 100 }), async (type, body) => {
          const response = await send(route, body, { 'content-type': type });
          expectNoFault(response, `${route.method} ${route.path} as ${JSON.stringify(type)}`);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('never faults when any route gets arbitrary decoded query parameters', async () => {
    const params = fc.dictionary(fc.string({ unit: 'binary', maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 300 }), { maxKeys: 4 });
    for (const route of routes.filter((r) => r.method === 'GET' || r.method === 'POST')) {
      await fc.assert(
        fc.asyncProperty(params, async (dictionary) => {
          const query = `?${new URLSearchParams(dictionary).toString()}`;
          expectNoFault(await send(route, undefined, {}, query), `${route.method} ${route.path}${query.slice(0, 200)}`);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('never faults when any route gets a raw, possibly mis-encoded query string', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: URL_JUNK, maxLength: 60 }), async (junk) => {
          expectNoFault(await send(route, undefined, {}, `?${junk}`), `${route.path}?${junk}`);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers an error envelope when an unknown path under /v1 is requested', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: URL_JUNK, minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 }), async (segments) => {
        const url = `/v1/x-${segments.join('/')}`;
        const response = await hub.app.inject({ method: 'GET', url });
        expectNoFault(response, url);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
