/**
 * The background's account session: create account, sign in, keep the tokens fresh, sign out.
 * Invariant: tokens never leave the background — extension pages get a SessionStatus without them.
 * When the hub says the session is gone (revoked elsewhere, refresh token reused), local session
 * state is wiped at once. Sign-in and account creation go through attempt-flow.ts, which handles
 * the hub's interruptions (Security Check, two-step code, rate limits).
 */
import type { DeviceInfo } from '../protocol/devices.ts';
import type { SessionTokens } from '../protocol/sessions.ts';
import type { SessionStatus } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import type { AttemptStorage } from '../state/attempt-state.ts';
import type { StoredSession } from '../state/local-database.ts';
import { createAttemptFlow } from './attempt-flow.ts';
import { toFailure } from './failure.ts';
import { type HubClient, HubRequestError } from './hub-client.ts';
import { createAttemptKeeper } from './pending-attempt.ts';
import type { SessionStore } from './session-store.ts';

/** Refresh the access token this long before it expires, so a request never races the expiry. */
const ACCESS_REFRESH_MARGIN_MS = 30_000;

export interface SessionServiceDeps {
  hub: HubClient;
  store: SessionStore;
  /** Where an interrupted sign-in is kept (storage.session in the extension; never the password). */
  attempts: AttemptStorage;
  serverAddress: () => Promise<string>;
  describeDevice: () => Promise<DeviceInfo>;
  rememberEmail: (email: string) => Promise<void>;
  lastEmail: () => Promise<string | null>;
  /** Called after local session state was wiped (the background wipes the vault and stops sync here). */
  onSignedOut?: () => Promise<void>;
  /** Called after a sign-in stored its session (sync starts listening to the hub). */
  onSignedIn?: () => Promise<void>;
  /**
   * Called before a voluntary sign-out revokes the session: sync pushes the outbox (bounded) and
   * answers how many changes are still waiting.
   */
  beforeSignOut?: () => Promise<number>;
  now?: () => number;
}

export function createSessionService(deps: SessionServiceDeps) {
  const now = deps.now ?? Date.now;
  let offlineSince: number | null = null;
  let refreshing: Promise<StoredSession> | null = null;

  const attempts = createAttemptFlow({
    hub: deps.hub,
    keeper: createAttemptKeeper({ storage: deps.attempts, serverAddress: deps.serverAddress, now }),
    serverAddress: deps.serverAddress,
    describeDevice: deps.describeDevice,
    signedIn,
    status,
    now,
  });

  async function signedOutStatus(): Promise<SessionStatus> {
    return { state: 'signed_out', lastEmail: await deps.lastEmail(), pending: await attempts.pending() };
  }

  async function status(): Promise<SessionStatus> {
    const session = await deps.store.load();
    return session ? statusOf(session) : signedOutStatus();
  }

  function statusOf(session: StoredSession): SessionStatus {
    return { state: 'signed_in', account: session.account, devices: session.devices, deviceId: session.deviceId, offlineSince };
  }

  async function wipe(): Promise<void> {
    await deps.store.clear();
    offlineSince = null;
    await deps.onSignedOut?.();
  }

  function sessionFrom(tokens: SessionTokens, serverAddress: string, previous: StoredSession | null): StoredSession {
    return {
      accessToken: tokens.accessToken,
      accessExpiresAt: now() + tokens.expiresIn * 1000,
      refreshToken: tokens.refreshToken,
      deviceId: tokens.deviceId,
      serverAddress,
      account: tokens.account,
      devices: previous?.devices ?? null,
    };
  }

  /**
   * One refresh at a time: a second refresh with the same token would present a used token and
   * make the hub revoke this device. A caller holding an older copy of the session (another call
   * rotated the tokens since it read them) gets the stored, newer tokens instead of refreshing again.
   */
  function refreshTokens(session: StoredSession): Promise<StoredSession> {
    refreshing ??= (async () => {
      try {
        const latest = await deps.store.load();
        if (!latest) throw new HubRequestError('unauthorized', 401);
        if (latest.refreshToken !== session.refreshToken) return latest;
        const tokens = await deps.hub.refresh(latest.refreshToken, latest.serverAddress);
        const fresh = sessionFrom(tokens, latest.serverAddress, latest);
        // Written before use: a rotated refresh token must never be lost to a service-worker restart.
        // Not written if the user signed out (or in again) while the hub answered.
        const stored = await deps.store.update((current) => (current.refreshToken === latest.refreshToken ? fresh : current));
        if (!stored) throw new HubRequestError('unauthorized', 401);
        return stored;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  /** Runs a hub call with a valid access token, refreshing once if the hub says it expired. */
  async function authorized<T>(call: (token: string, baseUrl: string) => Promise<T>): Promise<{ value: T; session: StoredSession }> {
    let session = await deps.store.load();
    if (!session) throw new MessageFailure('unauthorized');
    try {
      if (session.accessExpiresAt - ACCESS_REFRESH_MARGIN_MS <= now()) session = await refreshTokens(session);
      try {
        return { value: await call(session.accessToken, session.serverAddress), session };
      } catch (error) {
        if (!(error instanceof HubRequestError) || error.code !== 'unauthorized') throw error;
        session = await refreshTokens(session);
        return { value: await call(session.accessToken, session.serverAddress), session };
      }
    } catch (error) {
      if (error instanceof HubRequestError && error.code === 'unauthorized') {
        await wipe();
        throw new MessageFailure('unauthorized');
      }
      throw error;
    }
  }

  async function signedIn(tokens: SessionTokens, serverAddress: string): Promise<SessionStatus> {
    await deps.rememberEmail(tokens.account.email);
    offlineSince = null;
    const session = sessionFrom(tokens, serverAddress, null);
    await deps.store.save(session);
    const answer = await refreshAccount(session);
    await deps.onSignedIn?.().catch(() => undefined); // sync starting late is no reason to fail the sign-in
    return answer;
  }

  /** Re-reads account and devices from the hub; offline keeps the last known state. */
  async function refreshAccount(known?: StoredSession): Promise<SessionStatus> {
    const session = known ?? (await deps.store.load());
    if (!session) return signedOutStatus();
    try {
      const { value } = await authorized(async (token, baseUrl) => {
        const [account, devices] = await Promise.all([deps.hub.account(token, baseUrl), deps.hub.devices(token, baseUrl)]);
        return { account, devices };
      });
      // Onto the stored session, not the one read above: tokens may have rotated meanwhile, or the user signed out.
      const updated = await deps.store.update((latest) =>
        latest.account.id === value.account.id ? { ...latest, account: value.account, devices: value.devices } : latest,
      );
      if (!updated) return signedOutStatus();
      offlineSince = null;
      return statusOf(updated);
    } catch (error) {
      if (error instanceof MessageFailure && error.detail.code === 'unauthorized') return signedOutStatus();
      if (error instanceof HubRequestError && error.code === 'network_error') {
        const latest = await deps.store.load();
        if (!latest) return signedOutStatus();
        offlineSince ??= now();
        return statusOf(latest);
      }
      return toFailure(error);
    }
  }

  return {
    status,
    signIn: attempts.signIn,
    /** The browser that created the account signs in right after (it may before activation). */
    createAccount: attempts.createAccount,
    continueAttempt: attempts.continue,
    newPicture: attempts.newPicture,
    resendSms: attempts.resendSms,
    cancelAttempt: attempts.cancel,
    refreshAccount: () => refreshAccount(),
    /** For other signed-in services (two-step settings): a hub call with a valid access token. */
    authorized,

    async resendActivation(): Promise<{ sent: true }> {
      await authorized((token, baseUrl) => deps.hub.resendActivation(token, baseUrl)).catch(toFailure);
      return { sent: true };
    },

    /**
     * Revokes this device's tokens on the hub, then forgets them. If the hub cannot be reached the
     * local sign-out still happens: the refresh token is deleted here, so nobody holds it any more,
     * and the hub's copy expires on its own.
     */
    async signOut(options: { discardUnsynced?: boolean } = {}): Promise<SessionStatus> {
      if (await deps.store.load()) {
        // Signing out wipes this device's vault: changes the hub does not have yet would be lost.
        // Fails closed: when the count cannot be read, assume something is waiting and ask.
        const waiting = (await deps.beforeSignOut?.().catch(() => 1)) ?? 0;
        if (waiting > 0 && !options.discardUnsynced) throw new MessageFailure('unsynced_changes', { pending: waiting });
      }
      const session = await deps.store.load();
      if (session) {
        try {
          await authorized((token, baseUrl) => deps.hub.signOut(token, baseUrl));
        } catch (error) {
          const expected = error instanceof MessageFailure || error instanceof HubRequestError;
          if (!expected) throw error;
        }
        await wipe();
      }
      return signedOutStatus();
    },

    /** Renames one of the account's devices; answers the status with the devices read again. */
    async renameDevice(id: string, name: string): Promise<SessionStatus> {
      await authorized((token, baseUrl) => deps.hub.devices.rename(id, name, token, baseUrl)).catch(toFailure);
      return refreshAccount();
    },

    /** "Sign out remotely": revokes another device (it wipes its vault when it hears); this device signs out as usual. */
    async signOutDevice(id: string): Promise<SessionStatus> {
      if ((await deps.store.load())?.deviceId === id) return this.signOut();
      await authorized((token, baseUrl) => deps.hub.devices.signOut(id, token, baseUrl)).catch(toFailure);
      return refreshAccount();
    },

    /** The hub said this device is signed out (events socket): forget the session at once. */
    async signedOutRemotely(): Promise<void> {
      if (await deps.store.load()) await wipe();
    },

    async isSignedIn(): Promise<boolean> {
      return (await deps.store.load()) !== null;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
