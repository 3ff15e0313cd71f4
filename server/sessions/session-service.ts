/**
 * Sign-in, token refresh and sign-out. One session per (account, device): a short-lived access token
 * and a refresh token that rotates on every use. Presenting a refresh token that was already
 * exchanged means someone kept a copy, so that device's session is revoked on the spot.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DeviceInfo } from '../../lib/protocol/devices.ts';
import { ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX, type SessionTokens, type SignInRequest } from '../../lib/protocol/sessions.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { type AccountRow, toAccountView } from '../accounts/account-view.ts';
import type { PasswordHasher } from '../accounts/password-hasher.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { HubError, unauthorized } from '../http/hub-error.ts';
import type { AbuseGuard, Attempt } from '../security-check/abuse-guard.ts';
import type { TwoStepService } from '../two-step/two-step-service.ts';
import { emailLookupKey, normalizeEmail } from '../../lib/protocol/email.ts';
import { hashToken, newToken } from './tokens.ts';

const DAY = 86_400_000;
/** Answers that mean "the password was right, a two-step code is next". */
const SECOND_STEP_ANSWERS = new Set(['second_factor_required', 'invalid_code', 'code_expired']);
/** last_seen_at is written at most this often per device, so reads do not turn into writes. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface AuthenticatedSession {
  sessionId: string;
  accountId: string;
  deviceId: string;
}

export interface SessionServiceDeps {
  db: Kysely<Database>;
  hasher: PasswordHasher;
  accounts: AccountService;
  guard: AbuseGuard;
  twoStep: TwoStepService;
  clock: Clock;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  log: FastifyBaseLogger;
  /**
   * Called after a session was ended by sign-out, remote sign-out or refresh-token reuse (not by a new
   * sign-in of the same device): app.ts publishes `signed_out`, so the device's open sockets hear it.
   */
  onSignedOut?: (ended: { accountId: string; deviceId: string; sessionId: string }) => Promise<void>;
}

export function createSessionService(deps: SessionServiceDeps) {
  const { db, clock } = deps;
  const accessTtlMs = deps.accessTokenTtlSeconds * 1000;
  const refreshTtlMs = deps.refreshTokenTtlDays * DAY;

  const invalidCredentials = (details: Record<string, unknown> = {}) =>
    new HubError(401, 'invalid_credentials', 'The email address or password is not correct.', details);

  function issueTokens(now: number) {
    const accessToken = newToken(ACCESS_TOKEN_PREFIX);
    const refreshToken = newToken(REFRESH_TOKEN_PREFIX);
    return {
      accessToken,
      refreshToken,
      columns: {
        access_hash: hashToken(accessToken),
        access_expires_at: now + accessTtlMs,
        refresh_hash: hashToken(refreshToken),
        refresh_expires_at: now + refreshTtlMs,
        rotated_at: now,
      },
    };
  }

  function answer(account: AccountRow, deviceId: string, tokens: { accessToken: string; refreshToken: string }): SessionTokens {
    return {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresIn: deps.accessTokenTtlSeconds,
      refreshExpiresIn: Math.floor(refreshTtlMs / 1000),
      account: toAccountView(account),
      deviceId,
    };
  }

  async function upsertDevice(accountId: string, device: DeviceInfo, now: number): Promise<void> {
    await db
      .insertInto('devices')
      .values({
        account_id: accountId,
        id: device.id,
        name: device.name,
        browser: device.browser,
        platform: device.platform,
        created_at: now,
        last_seen_at: now,
      })
      .onConflict((conflict) =>
        conflict.columns(['account_id', 'id']).doUpdateSet({
          // A name the user gave the device (PATCH /v1/devices/:id) wins over the one the extension sends.
          name: sql<string>`case when devices.renamed_at is null then excluded.name else devices.name end`,
          browser: device.browser,
          platform: device.platform,
          last_seen_at: now,
        }),
      )
      .execute();
  }

  async function ended(accountId: string, deviceId: string, sessionId: string): Promise<void> {
    await deps.onSignedOut?.({ accountId, deviceId, sessionId });
  }

  async function revokeSession(session: { id: string; accountId: string; deviceId: string }, reason: string): Promise<void> {
    const result = await db.deleteFrom('sessions').where('id', '=', session.id).executeTakeFirst();
    deps.log.warn({ accountId: session.accountId, deviceId: session.deviceId, reason }, 'device session revoked');
    if (Number(result.numDeletedRows) > 0) await ended(session.accountId, session.deviceId, session.id);
  }

  return {
    /**
     * Order matters: limits and the Security Check come before the password is looked at, the
     * second factor after it (so a code is never asked for, nor an SMS sent, on a wrong password).
     */
    async signIn(request: SignInRequest, client: { ip: string }): Promise<SessionTokens> {
      const attempt: Attempt = { kind: 'sign_in', account: attemptAccountKey(request.email), ip: client.ip, deviceId: request.device.id };
      await deps.guard.admit(attempt, request.captcha, Boolean(request.secondFactor?.code));
      const account = await deps.accounts.findByEmail(request.email);
      if (!account) {
        await deps.hasher.verifyDecoy(request.password);
        throw invalidCredentials(await deps.guard.recordFailure(attempt));
      }
      if (!(await deps.hasher.verify(account.password_hash, request.password))) {
        throw invalidCredentials(await deps.guard.recordFailure(attempt));
      }
      try {
        await deps.twoStep.checkSignIn(account, request.secondFactor);
      } catch (error) {
        if (error instanceof HubError && SECOND_STEP_ANSWERS.has(error.code)) await deps.guard.recordPasswordPassed(attempt);
        // A wrong code is a failed sign-in; the next code is still let through without a picture (see admit).
        if (error instanceof HubError && error.code === 'invalid_code') await deps.guard.recordFailure(attempt, false);
        throw error;
      }

      const now = clock();
      if (account.activated_at === null) {
        let origin = account.origin_device_id;
        if (origin === null) {
          // Created through the API without naming a device: the first browser to sign in is its origin.
          // Claimed with a conditional update so two browsers signing in at once cannot both win.
          await db
            .updateTable('accounts')
            .set({ origin_device_id: request.device.id })
            .where('id', '=', account.id)
            .where('origin_device_id', 'is', null)
            .execute();
          const current = await db
            .selectFrom('accounts')
            .select(['origin_device_id', 'activated_at'])
            .where('id', '=', account.id)
            .executeTakeFirst();
          if (!current) throw invalidCredentials();
          // Activated in the meantime: any browser may connect now.
          origin = current.activated_at === null ? current.origin_device_id : request.device.id;
        }
        if (origin !== request.device.id) {
          throw new HubError(
            403,
            'activation_required',
            'Activate the account from the link in its activation email before connecting another browser.',
          );
        }
      }

      await upsertDevice(account.id, request.device, now);
      const tokens = issueTokens(now);
      // One session per device: a new sign-in replaces the old one in a single upsert (a delete then
      // insert let two simultaneous sign-ins of one device collide on the unique index and fail).
      // The replacement gets a new id, so reusing a refresh token of the old session cannot revoke it.
      const sessionId = randomUUID();
      await db
        .insertInto('sessions')
        .values({ id: sessionId, account_id: account.id, device_id: request.device.id, created_at: now, ...tokens.columns })
        .onConflict((conflict) =>
          conflict.columns(['account_id', 'device_id']).doUpdateSet({ id: sessionId, created_at: now, ...tokens.columns }),
        )
        .execute();
      await deps.guard.recordSuccess(attempt);
      deps.log.info({ accountId: account.id, deviceId: request.device.id }, 'signed in');
      return answer(account, request.device.id, tokens);
    },

    async refresh(refreshToken: string): Promise<SessionTokens> {
      const presentedHash = hashToken(refreshToken);
      const now = clock();
      const session = await db.selectFrom('sessions').selectAll().where('refresh_hash', '=', presentedHash).executeTakeFirst();
      if (!session) {
        const used = await db.selectFrom('used_refresh_tokens').selectAll().where('token_hash', '=', presentedHash).executeTakeFirst();
        if (used) {
          await revokeSession({ id: used.session_id, accountId: used.account_id, deviceId: used.device_id }, 'refresh token reused');
        }
        throw unauthorized();
      }
      if (session.refresh_expires_at <= now) {
        await db.deleteFrom('sessions').where('id', '=', session.id).execute();
        throw unauthorized();
      }
      const tokens = issueTokens(now);
      const rotated = await db.transaction().execute(async (trx) => {
        // Only one of two concurrent refreshes with the same token can rotate it; the other is a reuse.
        const result = await trx
          .updateTable('sessions')
          .set(tokens.columns)
          .where('id', '=', session.id)
          .where('refresh_hash', '=', presentedHash)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await trx
          .insertInto('used_refresh_tokens')
          .values({
            token_hash: presentedHash,
            session_id: session.id,
            account_id: session.account_id,
            device_id: session.device_id,
            used_at: now,
          })
          .execute();
        await trx
          .updateTable('devices')
          .set({ last_seen_at: now })
          .where('account_id', '=', session.account_id)
          .where('id', '=', session.device_id)
          .execute();
        return true;
      });
      if (!rotated) {
        await revokeSession({ id: session.id, accountId: session.account_id, deviceId: session.device_id }, 'refresh token reused concurrently');
        throw unauthorized();
      }
      const account = await deps.accounts.findById(session.account_id);
      if (!account) throw unauthorized();
      return answer(account, session.device_id, tokens);
    },

    /** Resolves a bearer access token, or null when it is unknown, expired or revoked. */
    async authenticate(accessToken: string): Promise<AuthenticatedSession | null> {
      const now = clock();
      const session = await db
        .selectFrom('sessions')
        .select(['id', 'account_id', 'device_id', 'access_expires_at'])
        .where('access_hash', '=', hashToken(accessToken))
        .executeTakeFirst();
      if (!session || session.access_expires_at <= now) return null;
      await db
        .updateTable('devices')
        .set({ last_seen_at: now })
        .where('account_id', '=', session.account_id)
        .where('id', '=', session.device_id)
        .where('last_seen_at', '<', now - LAST_SEEN_RESOLUTION_MS)
        .execute();
      return { sessionId: session.id, accountId: session.account_id, deviceId: session.device_id };
    },

    async signOut(session: AuthenticatedSession): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', session.sessionId).execute();
      deps.log.info({ accountId: session.accountId, deviceId: session.deviceId }, 'signed out');
      await ended(session.accountId, session.deviceId, session.sessionId);
    },

    /**
     * Signs one of the account's devices out (from another device, or itself): revokes its tokens.
     * False when the account has no live session on that device (unknown, another account's, signed out).
     */
    async signOutDevice(accountId: string, deviceId: string, by: { deviceId: string }): Promise<boolean> {
      const live = await db
        .selectFrom('sessions')
        .select('id')
        .where('account_id', '=', accountId)
        .where('device_id', '=', deviceId)
        .where('refresh_expires_at', '>', clock())
        .execute();
      if (live.length === 0) return false;
      // Every session row of the device goes, an expired one waiting for the janitor included.
      const removed = await db.deleteFrom('sessions').where('account_id', '=', accountId).where('device_id', '=', deviceId).executeTakeFirst();
      deps.log.info({ accountId, deviceId, byDeviceId: by.deviceId }, 'device signed out remotely');
      if (Number(removed.numDeletedRows) === 0) return false;
      for (const { id } of live) await ended(accountId, deviceId, id);
      return true;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

/** The account an attempt names, as the failure counters key it: the email lookup key when it is an email. */
export function attemptAccountKey(email: string): string | null {
  const normalized = normalizeEmail(email);
  return normalized ? emailLookupKey(normalized) : null;
}
