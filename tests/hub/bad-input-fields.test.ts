/** Field-level bad input at every body-taking route: missing, wrong type, unknown, huge, weird text. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyFields,
  discoverRoutes,
  expectNoFault,
  expectRefused,
  REMOVE,
  type Route,
  VALID_BODIES,
  withField,
  wrongTypeValues,
} from '../support/bad-input.ts';
import { createActivatedAccount, newDevice } from '../support/hub-client.ts';
import { createTestHub, type TestHub, RELAXED_ABUSE_LIMITS } from '../support/test-hub.ts';

/** Strings that have broken parsers, databases and renderers before. */
const WEIRD_TEXT = [
  '\u0000',
  'a\u0000b',
  '\u0001\u001f\u007f',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil\u202C',
  '\uFEFF',
  '\u200B\u200D',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  '𝕿𝖊𝖘𝖘𝖊𝖗𝖆',
  '👨‍👩‍👧‍👦',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '"); DROP TABLE accounts; --',
  '%s%n%x',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '\r\nX-Injected: 1',
  '   ',
  '',
];

describe('bad request fields', () => {
  let hub: TestHub;
  let bodyRoutes: Route[];
  let member: { email: string; password: string };
  beforeAll(async () => {
    hub = await createTestHub({ env: RELAXED_ABUSE_LIMITS });
    bodyRoutes = (await discoverRoutes(hub)).filter((route) => route.body);
    // Sign-in with real credentials, so bad device fields reach the device table instead of stopping
    // at "invalid credentials".
    const { email, password } = await createActivatedAccount(hub.app);
    member = { email, password };
  });
  afterAll(() => hub.close());

  const post = (route: Route, body: unknown) => hub.app.inject({ method: route.method, url: route.path, payload: body as object });
  const validBody = (route: Route) =>
    route.path === '/v1/sessions'
      ? // The optional parts too, so their fields get the battery (with relaxed limits neither is demanded).
        { ...member, device: newDevice(), captcha: { id: 'b7e4c1d0-0000-4000-8000-000000000000', answer: 'ACE47' }, secondFactor: { method: 'sms', code: '123456' } }
      : (VALID_BODIES[route.path]?.() ?? {});

  it('answers 400 invalid_request when a required field is missing', async () => {
    for (const route of bodyRoutes) {
      for (const field of bodyFields(route.body ?? {}).filter((f) => f.required)) {
        const response = await post(route, withField(validBody(route), field.path, REMOVE));
        const what = `${route.path} without ${field.path.join('.')}`;
        expectRefused(response, what);
        expect(response.json(), what).toMatchObject({ error: { code: 'invalid_request' } });
      }
    }
  });

  it('answers 400 invalid_request when a field has the wrong JSON type', async () => {
    for (const route of bodyRoutes) {
      for (const field of bodyFields(route.body ?? {})) {
        for (const value of wrongTypeValues(field.schema)) {
          const response = await post(route, withField(validBody(route), field.path, value));
          const what = `${route.path} with ${field.path.join('.')}=${JSON.stringify(value)}`;
          expectRefused(response, what);
          expect(response.json(), what).toMatchObject({ error: { code: 'invalid_request' } });
        }
      }
    }
  });

  it('answers 400 invalid_request when an unknown field is added at any level', async () => {
    for (const route of bodyRoutes) {
      const objects = [[], ...bodyFields(route.body ?? {}).filter((f) => f.schema.type === 'object').map((f) => f.path)];
      for (const at of objects) {
        for (const name of ['extra', 'isAdmin', '__proto__', 'constructor', 'Email']) {
          const response = await post(route, withField(validBody(route), [...at, name], true));
          const what = `${route.path} with ${[...at, name].join('.')}`;
          expectRefused(response, what);
          // `__proto__` as a key is dropped by JSON.stringify-free parsing rules or refused as poisoning.
          expect(['invalid_request', 'invalid_json'], what).toContain((response.json() as { error: { code: string } }).error.code);
        }
      }
    }
  });

  it('answers 400 invalid_request when a string is one character over its limit', async () => {
    for (const route of bodyRoutes) {
      for (const field of bodyFields(route.body ?? {}).filter((f) => f.schema.type === 'string' && f.schema.maxLength)) {
        const value = 'a'.repeat((field.schema.maxLength ?? 0) + 1);
        const response = await post(route, withField(validBody(route), field.path, value));
        const what = `${route.path} with a long ${field.path.join('.')}`;
        expectRefused(response, what);
        expect(response.json(), what).toMatchObject({ error: { code: 'invalid_request' } });
      }
    }
  });

  it('refuses a huge string in any field when it still fits the body limit', async () => {
    const huge = 'x'.repeat(60_000);
    for (const route of bodyRoutes) {
      for (const field of bodyFields(route.body ?? {}).filter((f) => f.schema.type === 'string')) {
        const response = await post(route, withField(validBody(route), field.path, huge));
        expectRefused(response, `${route.path} with a huge ${field.path.join('.')}`);
      }
    }
  });

  it('never faults when string fields hold control characters, lone surrogates or injection attempts', async () => {
    for (const route of bodyRoutes) {
      for (const field of bodyFields(route.body ?? {}).filter((f) => f.schema.type === 'string')) {
        for (const text of WEIRD_TEXT) {
          const response = await post(route, withField(validBody(route), field.path, text));
          expectNoFault(response, `${route.path} with ${field.path.join('.')}=${JSON.stringify(text)}`);
        }
      }
    }
  });

  it('never faults when weird text is added to an otherwise valid value', async () => {
    for (const route of bodyRoutes) {
      for (const field of bodyFields(route.body ?? {}).filter((f) => f.schema.type === 'string')) {
        for (const text of WEIRD_TEXT) {
          const body = validBody(route);
          const original = field.path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
          if (typeof original !== 'string') continue;
          const response = await post(route, withField(body, field.path, `${original}${text}`));
          expectNoFault(response, `${route.path} with ${field.path.join('.')} + ${JSON.stringify(text)}`);
        }
      }
    }
  });
});
