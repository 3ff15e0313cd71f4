/**
 * Small request helpers for hub tests, so each test reads as the behaviour it checks. They only
 * build requests and read answers; every assertion stays in the test.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DeviceInfo } from '../../lib/protocol/devices.ts';

/** Passes every rule and is on no common-password list. */
export const GOOD_PASSWORD = 'Quartz-Lantern-47';

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${randomUUID().slice(0, 8)}@example.com`;
}

export function newDevice(overrides: Partial<DeviceInfo> = {}): DeviceInfo {
  return { id: randomUUID(), name: 'Chrome on Linux', browser: 'chrome', platform: 'linux', ...overrides };
}

export function bearer(accessToken: string): { authorization: string } {
  return { authorization: `Bearer ${accessToken}` };
}

export interface CreateAccountInput {
  email?: string;
  password?: string;
  region?: string;
  marketingConsent?: boolean;
  device?: DeviceInfo;
}

export function postAccount(app: FastifyInstance, input: CreateAccountInput = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/v1/accounts',
    payload: {
      email: input.email ?? uniqueEmail(),
      password: input.password ?? GOOD_PASSWORD,
      region: input.region ?? 'us',
      marketingConsent: input.marketingConsent ?? false,
      ...(input.device ? { device: input.device } : {}),
    },
  });
}

/** Creates an account (201 expected) and returns what a test needs to use it. */
export async function createAccount(app: FastifyInstance, input: CreateAccountInput = {}) {
  const email = input.email ?? uniqueEmail();
  const password = input.password ?? GOOD_PASSWORD;
  const device = input.device ?? newDevice();
  const response = await postAccount(app, { ...input, email, password, device });
  if (response.statusCode !== 201) throw new Error(`account creation failed: ${response.statusCode} ${response.body}`);
  const { account } = response.json() as { account: { id: string; email: string } };
  return { account, email, password, device };
}

export function postSession(
  app: FastifyInstance,
  input: { email: string; password: string; device: DeviceInfo },
): Promise<LightMyRequestResponse> {
  // Only the three fields of the request, so a createAccount() result can be passed as it is.
  const { email, password, device } = input;
  return app.inject({ method: 'POST', url: '/v1/sessions', payload: { email, password, device } });
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  deviceId: string;
}

/** Signs in (200 expected) and returns the tokens. */
export async function signIn(app: FastifyInstance, input: { email: string; password: string; device: DeviceInfo }): Promise<Tokens> {
  const response = await postSession(app, input);
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return response.json() as Tokens;
}

export function postRefresh(app: FastifyInstance, refreshToken: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/v1/sessions/refresh', payload: { refreshToken } });
}

export function getAccount(app: FastifyInstance, accessToken: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/v1/account', headers: bearer(accessToken) });
}

export function getDevices(app: FastifyInstance, accessToken: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/v1/devices', headers: bearer(accessToken) });
}

export interface OutboxEntry {
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  link: string | null;
  createdAt: string;
}

/** The development outbox, newest first, optionally for one recipient. */
export async function readOutbox(app: FastifyInstance, recipient?: string): Promise<OutboxEntry[]> {
  const query = recipient ? `?recipient=${encodeURIComponent(recipient)}` : '';
  const response = await app.inject({ method: 'GET', url: `/dev/outbox.json${query}` });
  if (response.statusCode !== 200) throw new Error(`outbox not readable: ${response.statusCode} ${response.body}`);
  return (response.json() as { entries: OutboxEntry[] }).entries;
}

export function tokenOfLink(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** The token of the newest activation link mailed to `recipient` through the development outbox. */
export async function latestActivationToken(app: FastifyInstance, recipient: string): Promise<string> {
  const [latest] = await readOutbox(app, recipient);
  if (!latest?.link) throw new Error(`no activation mail for ${recipient}`);
  return tokenOfLink(latest.link);
}

export function postActivation(app: FastifyInstance, token: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/v1/accounts/activation', payload: { token } });
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Creates an account and activates it through the development outbox, so any browser may sign in. */
export async function createActivatedAccount(app: FastifyInstance, input: CreateAccountInput = {}) {
  const created = await createAccount(app, input);
  const response = await postActivation(app, await latestActivationToken(app, created.email));
  if (response.statusCode !== 200) throw new Error(`activation failed: ${response.statusCode} ${response.body}`);
  return created;
}
