// @vitest-environment node
/**
 * The background's session service against a real hub over HTTP: account creation, sign-in,
 * sign-out and the activation email. Refresh, revocation and offline are in session-refresh.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageFailure } from '../../lib/messaging/router.ts';
import { lastEmailItem } from '../../lib/state/settings.ts';
import { type LiveHub, startLiveHub } from './support/live-hub.ts';
import { createSessionHarness, getWithToken, MINUTE, newEmail, PASSWORD, postJson, THIS_DEVICE } from './support/session-harness.ts';

let hub: LiveHub;
let session: ReturnType<typeof createSessionHarness>;

beforeEach(async () => {
  hub = await startLiveHub();
  session = createSessionHarness(hub);
});
afterEach(() => hub.close());

async function failureOf(promise: Promise<unknown>): Promise<MessageFailure> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MessageFailure);
  return error as MessageFailure;
}

describe('session service: createAccount', () => {
  it('signs the new account in and stores its tokens in IndexedDB when the hub accepts it', async () => {
    const { email, status } = await session.createAccount();
    expect(status).toMatchObject({ state: 'signed_in', deviceId: THIS_DEVICE.id, offlineSince: null });
    expect(status.state === 'signed_in' && status.account).toMatchObject({ email, region: 'de', activated: false });
    const stored = await session.store.load();
    expect(stored).toMatchObject({ deviceId: THIS_DEVICE.id, serverAddress: hub.address });
    expect(await getWithToken(hub, '/v1/account', stored!.accessToken)).toBe(200);
  });

  it('gives the popup a status without any token when signed in', async () => {
    const { status } = await session.createAccount();
    const stored = await session.store.load();
    const json = JSON.stringify([status, await session.service.status()]);
    expect(json).not.toContain(stored!.accessToken);
    expect(json).not.toContain(stored!.refreshToken);
    expect(json).not.toMatch(/token/i);
  });

  it('lists this browser as the current device when signed in', async () => {
    const { status } = await session.createAccount();
    expect(status.state === 'signed_in' && status.devices).toEqual([
      expect.objectContaining({ id: THIS_DEVICE.id, name: 'Chromium on Linux', current: true }),
    ]);
  });

  it('remembers the email for the sign-in screen when the account is created', async () => {
    const { email } = await session.createAccount();
    expect(await lastEmailItem.getValue()).toBe(email);
  });

  it('reports the unmet rules and stores nothing when the hub finds the password weak', async () => {
    const failure = await failureOf(
      session.service.createAccount({ email: newEmail(), password: 'short', region: 'de', marketingConsent: false }),
    );
    expect(failure.detail).toEqual({ code: 'weak_password', unmetRules: ['min_length', 'digit', 'uppercase'] });
    expect(await session.store.load()).toBeNull();
  });

  it('reports common_password and stores nothing when the hub finds the password common', async () => {
    const failure = await failureOf(
      session.service.createAccount({ email: newEmail(), password: 'Password1', region: 'de', marketingConsent: false }),
    );
    expect(failure.detail).toEqual({ code: 'common_password' });
    expect(await session.store.load()).toBeNull();
  });

  it('reports email_in_use when the address already has an account', async () => {
    const { email } = await session.createAccount();
    await session.service.signOut();
    const failure = await failureOf(session.service.createAccount({ email, password: PASSWORD, region: 'de', marketingConsent: false }));
    expect(failure.detail.code).toBe('email_in_use');
  });
});

describe('session service: signIn', () => {
  it('fails with invalid_credentials and stores nothing when the password is wrong', async () => {
    const { email } = await session.createAccount();
    await session.service.signOut();
    const failure = await failureOf(session.service.signIn(email, 'Wrong-Password-99'));
    expect(failure.detail).toEqual({ code: 'invalid_credentials' });
    expect(await session.store.load()).toBeNull();
    expect(await session.service.status()).toEqual({ state: 'signed_out', lastEmail: email, pending: null });
  });

  it('fails with network_error and stores nothing when the hub cannot be reached', async () => {
    await hub.close();
    expect((await failureOf(session.service.signIn(newEmail(), PASSWORD))).detail).toEqual({ code: 'network_error' });
    expect(await session.store.load()).toBeNull();
  });

  it('signs in again with new tokens when the right password is given after signing out', async () => {
    const { email } = await session.createAccount();
    const before = await session.store.load();
    await session.service.signOut();
    const status = await session.service.signIn(email, PASSWORD);
    expect(status.state).toBe('signed_in');
    const after = await session.store.load();
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(await getWithToken(hub, '/v1/account', after!.accessToken)).toBe(200);
  });
});

describe('session service: signOut', () => {
  it('revokes the tokens on the hub and empties the local store when signed in', async () => {
    const { email } = await session.createAccount();
    const stored = await session.store.load();
    const status = await session.service.signOut();
    expect(status).toEqual({ state: 'signed_out', lastEmail: email, pending: null });
    expect(await session.store.load()).toBeNull();
    expect(await getWithToken(hub, '/v1/account', stored!.accessToken)).toBe(401);
    expect((await postJson(hub, '/v1/sessions/refresh', { refreshToken: stored!.refreshToken })).status).toBe(401);
    expect(session.onSignedOut).toHaveBeenCalled();
  });

  it('still signs out locally when the hub cannot be reached', async () => {
    await session.createAccount();
    await hub.close();
    const status = await session.service.signOut();
    expect(status.state).toBe('signed_out');
    expect(await session.store.load()).toBeNull();
    expect(await session.service.isSignedIn()).toBe(false);
  });
});

describe('session service: status', () => {
  it('reports signed_out without an email when nobody ever signed in', async () => {
    expect(await session.service.status()).toEqual({ state: 'signed_out', lastEmail: null, pending: null });
  });
});

describe('session service: resendActivation', () => {
  interface Outbox {
    entries: { recipient: string; kind: string }[];
  }
  async function mailsTo(email: string): Promise<number> {
    const response = await fetch(`${hub.address}/dev/outbox.json?recipient=${encodeURIComponent(email)}`);
    return ((await response.json()) as Outbox).entries.length;
  }

  it('makes the hub send a second activation email when asked after the waiting time', async () => {
    const { email } = await session.createAccount();
    expect(await mailsTo(email)).toBe(1);
    session.advance(2 * MINUTE);
    expect(await session.service.resendActivation()).toEqual({ sent: true });
    expect(await mailsTo(email)).toBe(2);
  });

  it('carries the wait over as rate_limited with retryAfterSeconds when asked again at once', async () => {
    await session.createAccount();
    const failure = await failureOf(session.service.resendActivation());
    expect(failure.detail.code).toBe('rate_limited');
    expect(failure.detail.retryAfterSeconds).toBeGreaterThan(0);
    expect(failure.detail.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('fails with unauthorized when nobody is signed in', async () => {
    expect((await failureOf(session.service.resendActivation())).detail.code).toBe('unauthorized');
  });
});
