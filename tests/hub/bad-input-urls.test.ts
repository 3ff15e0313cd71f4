/** Bad URLs, query strings, methods and headers at every route, hidden pages included. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverRoutes, expectNoFault, expectRefused, type Route } from '../support/bad-input.ts';
import { bearer, createActivatedAccount, signIn } from '../support/hub-client.ts';
import { createTestHub, type TestHub, RELAXED_ABUSE_LIMITS } from '../support/test-hub.ts';

const BAD_QUERIES = [
  '?',
  '?&&&',
  '?%',
  '?%zz',
  '?token=%',
  '?token=%E0%A4%A',
  '?token=%00',
  '?token=%C0%80',
  '?token=%ED%A0%80',
  '?token[]=1',
  '?token[a]=1',
  '?token=a&token=b',
  '?token=' + 'a'.repeat(300),
  '?token=' + '%F0%9F%98%80'.repeat(100),
  '?limit=-1',
  '?limit=0',
  '?limit=abc',
  '?limit=1e309',
  '?limit=9007199254740993',
  '?limit=1&limit=2',
  '?recipient=%00',
  '?recipient=' + 'a'.repeat(400),
  '?recipient=%0d%0aX-Injected:%201',
  '?__proto__[x]=1',
  '?constructor[prototype][x]=1',
  '?' + 'a=1&'.repeat(2_000),
];

const BAD_PATHS = ['/v1/%', '/v1/accounts/%zz', '/%E0%A4%A', '/v1/accounts%00', '/v1//accounts', '/v1/accounts/', '/V1/ACCOUNTS', '/v1/accounts/..%2f..%2fetc', '/' + 'a'.repeat(5_000)];

describe('bad URLs and headers', () => {
  let hub: TestHub;
  let routes: Route[];
  let accessToken: string;
  beforeAll(async () => {
    hub = await createTestHub({ env: RELAXED_ABUSE_LIMITS });
    routes = await discoverRoutes(hub);
    accessToken = (await signIn(hub.app, await createActivatedAccount(hub.app))).accessToken;
  });
  afterAll(() => hub.close());

  it('never faults when any route gets a malformed query string', async () => {
    for (const route of routes.filter((r) => r.method !== 'DELETE')) {
      for (const query of BAD_QUERIES) {
        const response = await hub.app.inject({ method: route.method, url: `${route.path}${query}` });
        expectNoFault(response, `${route.method} ${route.path}${query.slice(0, 60)}`);
      }
    }
  });

  it('refuses malformed outbox queries with 400 invalid_request', async () => {
    for (const query of ['?limit=abc', '?limit=0', '?limit=1e309', '?recipient=%00', '?limit=1&limit=2']) {
      const response = await hub.app.inject({ method: 'GET', url: `/dev/outbox.json${query}` });
      expectRefused(response, query);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });

  it('answers the error envelope when the URL itself is malformed', async () => {
    for (const path of BAD_PATHS) {
      const response = await hub.app.inject({ method: 'GET', url: path });
      expectRefused(response, path.slice(0, 60));
    }
  });

  it('answers 404 not_found when a route is called with a method it does not have', async () => {
    for (const route of routes) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        if (method === route.method || (route.method === 'GET' && method === 'GET')) continue;
        if (routes.some((other) => other.path === route.path && other.method === method)) continue;
        const response = await hub.app.inject({ method, url: route.path });
        expectRefused(response, `${method} ${route.path}`);
        expect(response.statusCode, `${method} ${route.path}`).toBe(404);
      }
    }
  });

  it('never faults when a signed-in request carries bad query strings', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      for (const query of BAD_QUERIES) {
        const response = await hub.app.inject({ method: 'GET', url: `${route.path}${query}`, headers: bearer(accessToken) });
        expectNoFault(response, `GET ${route.path}${query.slice(0, 60)} signed in`);
      }
    }
  });

  it('never faults when headers are strange', async () => {
    const headers: Record<string, string>[] = [
      { authorization: 'Bearer ' + 'A'.repeat(10_000) },
      { authorization: 'Bearer \u00e9\u00e9' },
      { authorization: '' },
      { 'accept-language': ';;;,,,q=abc,' + 'x'.repeat(5_000) },
      { 'accept-language': '*' },
      { accept: 'text/html' },
      { accept: 'application/xml' },
      { 'accept-encoding': 'gzip;q=abc' },
      { origin: 'null' },
      { 'x-forwarded-for': 'not-an-ip, , ::::' },
      { 'content-length': '0' },
    ];
    for (const route of routes) {
      for (const header of headers) {
        const response = await hub.app.inject({ method: route.method, url: route.path, headers: header });
        expectNoFault(response, `${route.method} ${route.path} with ${Object.keys(header).join()}`);
      }
    }
  });
});
