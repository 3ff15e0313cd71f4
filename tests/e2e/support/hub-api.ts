/**
 * Talks to the hub's HTTP API directly, as a second device would: for arranging state and for
 * checking from the hub's side what the extension did.
 */
import { randomUUID } from 'node:crypto';

export interface HubSession {
  accessToken: string;
  deviceId: string;
}

export interface HubDevice {
  id: string;
  name: string;
  current: boolean;
}

async function call<T>(url: string, init: RequestInit & { json?: unknown; token?: string }): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, {
    ...init,
    headers,
    body: init.json === undefined ? null : JSON.stringify(init.json),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function createAccountOverHttp(hubUrl: string, account: { email: string; password: string; region: string }): Promise<unknown> {
  return call(`${hubUrl}/v1/accounts`, { method: 'POST', json: { ...account, marketingConsent: false } });
}

/** Signs in as a new device (a fresh device id) named "e2e checker". */
export async function signInOverHttp(hubUrl: string, credentials: { email: string; password: string }): Promise<HubSession> {
  const deviceId = randomUUID();
  const tokens = await call<{ accessToken: string }>(`${hubUrl}/v1/sessions`, {
    method: 'POST',
    json: { ...credentials, device: { id: deviceId, name: 'e2e checker', browser: 'other', platform: 'linux' } },
  });
  return { accessToken: tokens.accessToken, deviceId };
}

export async function listDevices(hubUrl: string, session: HubSession): Promise<HubDevice[]> {
  const { devices } = await call<{ devices: HubDevice[] }>(`${hubUrl}/v1/devices`, { token: session.accessToken });
  return devices;
}
