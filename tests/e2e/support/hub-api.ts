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

export interface OutboxEntry {
  kind: string;
  recipient: string;
  text: string;
  createdAt: string;
}

/** The newest development-outbox entry of this kind (and recipient), e.g. a Security Check answer. */
export async function latestOutboxEntry(hubUrl: string, kind: string, recipient?: string): Promise<OutboxEntry> {
  const query = recipient ? `?recipient=${encodeURIComponent(recipient)}` : '';
  const { entries } = await call<{ entries: OutboxEntry[] }>(`${hubUrl}/dev/outbox.json${query}`, {});
  const entry = entries.find((candidate) => candidate.kind === kind);
  if (!entry) throw new Error(`no ${kind} in the development outbox${recipient ? ` for ${recipient}` : ''}`);
  return entry;
}

export function activateOverHttp(hubUrl: string, activationLink: string): Promise<unknown> {
  const token = new URL(activationLink).searchParams.get('token');
  return call(`${hubUrl}/v1/accounts/activation`, { method: 'POST', json: { token } });
}

/** Adds and verifies `phone` (code from the development outbox), then turns SMS two-step on. */
export async function turnSmsTwoStepOnOverHttp(hubUrl: string, session: HubSession, phone: string, password: string): Promise<void> {
  await call(`${hubUrl}/v1/account/two-step/phone`, { method: 'POST', token: session.accessToken, json: { phone, password } });
  const sms = await latestOutboxEntry(hubUrl, 'sms.phone_verification', phone);
  const code = /\b(\d{6})\b/.exec(sms.text)?.[1];
  await call(`${hubUrl}/v1/account/two-step/phone/verification`, { method: 'POST', token: session.accessToken, json: { code } });
  await call(`${hubUrl}/v1/account/two-step/sms`, { method: 'PUT', token: session.accessToken, json: { enabled: true, password } });
}

/** One sign-in attempt as a new device, answered as it comes (status and body), for checking what the hub asks for. */
export async function attemptSignInOverHttp(hubUrl: string, credentials: { email: string; password: string }): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${hubUrl}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...credentials, device: { id: randomUUID(), name: 'e2e checker', browser: 'other', platform: 'linux' } }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json() };
}

/** Every item the hub holds for the account (ciphertext only), tombstones included, by paging through `changes`. */
export async function vaultItemsOverHttp(hubUrl: string, session: HubSession): Promise<{ id: string; revision: number; deleted: boolean }[]> {
  const items = new Map<string, { id: string; revision: number; deleted: boolean }>();
  let since = 0;
  for (;;) {
    const page = await call<{ items: { id: string; revision: number; deleted: boolean }[]; cursor: number; more: boolean }>(
      `${hubUrl}/v1/vault/changes?since=${since}&limit=1000`,
      { token: session.accessToken },
    );
    for (const item of page.items) items.set(item.id, { id: item.id, revision: item.revision, deleted: item.deleted });
    since = page.cursor;
    if (!page.more) return [...items.values()];
  }
}
