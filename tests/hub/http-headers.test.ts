import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

const CHROME_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX_ORIGIN = 'moz-extension://0b5f6c5e-7f43-4c9a-9a53-3f0e8e3e9c1d';

describe('security headers', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  it.each([
    ['the health API', 'GET', '/health'],
    ['an API error', 'GET', '/v1/account'],
    ['a bad request', 'POST', '/v1/accounts'],
    ['an unknown route', 'GET', '/nope'],
    ['the activation page', 'GET', '/activate?token=garbage'],
    ['the outbox page', 'GET', '/dev/outbox'],
    ['the stylesheet', 'GET', '/assets/hub.css'],
  ] as const)('sends CSP, nosniff and frame denial on %s', async (_what, method, url) => {
    const response = await hub.app.inject({ method, url });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('lets the pages load only their own stylesheet when rendering', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/activate' });
    expect(String(response.headers['content-security-policy'])).toContain("style-src 'self'");
    expect(response.body).toContain('<link rel="stylesheet" href="/assets/hub.css">');
    expect(response.body).not.toMatch(/<script|style="/);
  });

  it('does not reveal the server software when answering', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/health' });
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers.server).toBeUndefined();
  });
});

describe('CORS', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  const get = (origin: string) => hub.app.inject({ method: 'GET', url: '/health', headers: { origin } });
  const preflight = (origin: string) =>
    hub.app.inject({
      method: 'OPTIONS',
      url: '/v1/sessions',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });

  it.each([CHROME_ORIGIN, FIREFOX_ORIGIN])('allows the extension origin %s when it calls the API', async (origin) => {
    const response = await get(origin);
    expect(response.headers['access-control-allow-origin']).toBe(origin);
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it.each([CHROME_ORIGIN, FIREFOX_ORIGIN])('answers the preflight of %s with the methods and headers it needs', async (origin) => {
    const response = await preflight(origin);
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(origin);
    expect(String(response.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
  });

  it('lets the extension read Retry-After when a limit is hit', async () => {
    const response = await get(CHROME_ORIGIN);
    expect(String(response.headers['access-control-expose-headers']).toLowerCase()).toContain('retry-after');
  });

  it.each([
    'https://evil.example',
    'http://127.0.0.1:8787',
    'null',
    'chrome-extension://abc.evil.example',
    'https://chrome-extension.evil.example',
    `${CHROME_ORIGIN}.evil.example`,
  ])('does not allow the origin %s', async (origin) => {
    expect((await get(origin)).headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight(origin)).headers['access-control-allow-origin']).toBeUndefined();
  });
});
