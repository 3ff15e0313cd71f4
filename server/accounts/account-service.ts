/**
 * Creating accounts and activating them. The account password is checked against the shared policy
 * (lib/protocol) and stored only as an Argon2id hash; activation links are random, stored hashed,
 * single-use and expire.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { AccountView, CreateAccountRequest } from '../../lib/protocol/accounts.ts';
import { emailLookupKey, normalizeEmail } from '../../lib/protocol/email.ts';
import { isCommonPassword, unmetPasswordRules } from '../../lib/protocol/password-rules.ts';
import { findRegion } from '../../lib/protocol/regions.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { HubError } from '../http/hub-error.ts';
import { activationEmail } from '../mail/activation-email.ts';
import type { Mailer } from '../mail/mailer.ts';
import { hashToken, newToken } from '../sessions/tokens.ts';
import { accountLanguage, type AccountRow, toAccountView } from './account-view.ts';
import type { PasswordHasher } from './password-hasher.ts';

const HOUR = 3_600_000;
/** Resend throttle: one mail per minute, five per day, per account. */
const RESEND_MIN_INTERVAL_MS = 60_000;
const RESEND_MAX_PER_DAY = 5;

export interface AccountServiceDeps {
  db: Kysely<Database>;
  hasher: PasswordHasher;
  mailer: Mailer;
  clock: Clock;
  commonPasswords: ReadonlySet<string>;
  publicUrl: string;
  activationLinkTtlHours: number;
  log: FastifyBaseLogger;
}

export type ActivationOutcome = { status: 'activated'; account: AccountRow } | { status: 'used' | 'expired' | 'invalid'; account?: AccountRow };

export function createAccountService(deps: AccountServiceDeps) {
  const { db, clock } = deps;

  async function findByEmail(email: string): Promise<AccountRow | undefined> {
    const normalized = normalizeEmail(email);
    if (!normalized) return undefined;
    return db.selectFrom('accounts').selectAll().where('email_key', '=', emailLookupKey(normalized)).executeTakeFirst();
  }

  async function findById(id: string): Promise<AccountRow | undefined> {
    return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Makes a fresh activation link and mails it. Mail failures are logged, not thrown: the user can resend. */
  async function sendActivation(account: AccountRow): Promise<void> {
    const token = newToken('act_');
    const now = clock();
    await db
      .insertInto('activation_tokens')
      .values({
        token_hash: hashToken(token),
        account_id: account.id,
        created_at: now,
        expires_at: now + deps.activationLinkTtlHours * HOUR,
        used_at: null,
      })
      .execute();
    const link = `${deps.publicUrl}/activate?token=${encodeURIComponent(token)}`;
    const mail = activationEmail({
      to: account.email,
      language: accountLanguage(account),
      link,
      validDays: Math.round(deps.activationLinkTtlHours / 24),
    });
    try {
      await deps.mailer.send(mail);
    } catch (error) {
      deps.log.error({ accountId: account.id, err: error instanceof Error ? error.message : String(error) }, 'activation email not sent');
    }
  }

  return {
    findByEmail,
    findById,

    async create(request: CreateAccountRequest): Promise<AccountView> {
      const email = normalizeEmail(request.email);
      if (!email) throw new HubError(400, 'invalid_email', 'Enter a valid email address, like name@example.com.');
      const unmetRules = unmetPasswordRules(request.password);
      if (unmetRules.length > 0) {
        throw new HubError(400, 'weak_password', 'The password does not meet every rule.', { unmetRules });
      }
      if (isCommonPassword(request.password, deps.commonPasswords)) {
        throw new HubError(400, 'common_password', 'This password is too common; choose another.');
      }
      const region = findRegion(request.region);
      if (!region) throw new HubError(400, 'invalid_region', 'Choose one of the listed regions.');

      const emailKey = emailLookupKey(email);
      const inUse = () => new HubError(409, 'email_in_use', 'An account with this email address already exists.');
      if (await db.selectFrom('accounts').select('id').where('email_key', '=', emailKey).executeTakeFirst()) throw inUse();

      const now = clock();
      const row: AccountRow = {
        id: randomUUID(),
        email,
        email_key: emailKey,
        password_hash: await deps.hasher.hash(request.password),
        region: region.id,
        language: region.language,
        marketing_consent: request.marketingConsent ? 1 : 0,
        marketing_consent_at: now,
        activated_at: null,
        origin_device_id: request.device?.id ?? null,
        created_at: now,
        updated_at: now,
      };
      try {
        await db.insertInto('accounts').values(row).execute();
      } catch (error) {
        // Two sign-ups with one address at the same moment: the unique index decides.
        if (await db.selectFrom('accounts').select('id').where('email_key', '=', emailKey).executeTakeFirst()) throw inUse();
        throw error;
      }
      deps.log.info({ accountId: row.id, region: row.region }, 'account created');
      await sendActivation(row);
      return toAccountView(row);
    },

    async activate(token: string): Promise<ActivationOutcome> {
      const record = await db
        .selectFrom('activation_tokens')
        .selectAll()
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!record) return { status: 'invalid' };
      const account = await findById(record.account_id);
      if (!account) return { status: 'invalid' };
      if (record.used_at !== null) return { status: 'used', account };
      const now = clock();
      if (record.expires_at <= now) return { status: 'expired', account };
      // Single use even under a double click: only the request that flips used_at wins.
      const claimed = await db
        .updateTable('activation_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', record.token_hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return { status: 'used', account };
      if (account.activated_at === null) {
        await db.updateTable('accounts').set({ activated_at: now, updated_at: now }).where('id', '=', account.id).execute();
        deps.log.info({ accountId: account.id }, 'account activated');
      }
      return { status: 'activated', account: { ...account, activated_at: account.activated_at ?? now } };
    },

    /**
     * Sends a new activation link unless the account is activated or has had one very recently.
     * `quiet` callers (not signed in) learn nothing either way.
     */
    async resendActivation(account: AccountRow, quiet: boolean): Promise<void> {
      if (account.activated_at !== null) {
        if (quiet) return;
        throw new HubError(409, 'already_activated', 'This account is already activated.');
      }
      const now = clock();
      const recent = await db
        .selectFrom('activation_tokens')
        .select('created_at')
        .where('account_id', '=', account.id)
        .where('created_at', '>', now - 24 * HOUR)
        .orderBy('created_at', 'desc')
        .execute();
      const latest = recent[0]?.created_at;
      const waitMs =
        latest !== undefined && now - latest < RESEND_MIN_INTERVAL_MS
          ? RESEND_MIN_INTERVAL_MS - (now - latest)
          : recent.length >= RESEND_MAX_PER_DAY
            ? (recent[recent.length - 1]?.created_at ?? now) + 24 * HOUR - now
            : 0;
      if (waitMs > 0) {
        if (quiet) return;
        const retryAfter = Math.ceil(waitMs / 1000);
        throw new HubError(
          429,
          'rate_limited',
          'An activation email was sent recently; wait before asking for another.',
          { retryAfter },
          { 'retry-after': String(retryAfter) },
        );
      }
      await sendActivation(account);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
