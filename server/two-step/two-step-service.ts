/**
 * Two-step verification: the account's settings (phone, SMS on/off, authenticator app, recovery codes)
 * and the second-factor check of a sign-in. Changing a setting needs the account password; turning
 * two-step on does not touch sessions already connected — only new sign-ins need a code.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import {
  maskPhoneNumber,
  normalizePhoneNumber,
  type SecondFactor,
  type SecondFactorChallenge,
  type SecondFactorMethod,
  type TotpEnrolment,
  type TwoStepStatus,
} from '../../lib/protocol/two-step.ts';
import type { AccountRow } from '../accounts/account-view.ts';
import type { PasswordHasher } from '../accounts/password-hasher.ts';
import type { Clock } from '../clock.ts';
import type { Database, TwoStepTable } from '../db/schema.ts';
import { HubError } from '../http/hub-error.ts';
import { rateLimited } from '../security-check/abuse-guard.ts';
import type { FixedWindow } from '../security-check/failure-counters.ts';
import { hashCode, newRecoveryCodes, normalizeCode } from './codes.ts';
import type { SecretBox } from './secret-box.ts';
import type { SmsCodes } from './sms-codes.ts';
import { newTotpSecret, otpauthUri, qrCodeDataUrl, totpStep } from './totp.ts';

/** Wrong account passwords on these settings, per account per hour, before 429. */
const PASSWORD_CHECKS_PER_HOUR = 10;

export interface TwoStepServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  hasher: PasswordHasher;
  sms: SmsCodes;
  /** Seals authenticator secrets at rest (TOTP_ENCRYPTION_KEY). */
  secrets: SecretBox;
  /** Counts wrong passwords given to the settings routes (a stolen session must not become a password oracle). */
  passwordChecks: FixedWindow;
  log: FastifyBaseLogger;
}

export function createTwoStepService(deps: TwoStepServiceDeps) {
  const { db, clock, sms } = deps;

  const settingsOf = (accountId: string) => db.selectFrom('two_step').selectAll().where('account_id', '=', accountId).executeTakeFirst();

  async function save(accountId: string, change: Partial<Omit<TwoStepTable, 'account_id'>>): Promise<void> {
    const now = clock();
    await db
      .insertInto('two_step')
      .values({ account_id: accountId, sms_enabled: 0, totp_enabled: 0, ...change, updated_at: now })
      .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ ...change, updated_at: now }))
      .execute();
  }

  async function recoveryCodesLeft(accountId: string): Promise<number> {
    const row = await db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('left'))
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.left ?? 0);
  }

  async function requirePassword(account: AccountRow, password: string): Promise<void> {
    const { count, msLeft } = await deps.passwordChecks.count(account.id);
    if (count >= PASSWORD_CHECKS_PER_HOUR) throw rateLimited(msLeft, 'Too many wrong passwords; try again later.');
    if (await deps.hasher.verify(account.password_hash, password)) return;
    await deps.passwordChecks.add(account.id);
    throw new HubError(403, 'wrong_password', 'The account password is not correct.');
  }

  async function status(accountId: string): Promise<TwoStepStatus> {
    const row = await settingsOf(accountId);
    return {
      phone: row?.phone ?? null,
      phoneVerified: Boolean(row?.phone && row.phone_verified_at !== null),
      sms: row?.sms_enabled === 1,
      totp: row?.totp_enabled === 1,
      recoveryCodesLeft: await recoveryCodesLeft(accountId),
    };
  }

  /** The ways in besides the password, in the order the hub expects them; recovery codes only beside another. */
  async function methodsOf(accountId: string, row: TwoStepTable | undefined): Promise<SecondFactorMethod[]> {
    const methods: SecondFactorMethod[] = [];
    if (row?.totp_enabled === 1 && row.totp_secret) methods.push('totp');
    if (row?.sms_enabled === 1 && row.phone) methods.push('sms');
    // Counted only when two-step is on: every sign-in passes here, most without two-step.
    if (methods.length > 0 && (await recoveryCodesLeft(accountId)) > 0) methods.push('recovery');
    return methods;
  }

  /** Accepts a TOTP code once: the step must be newer than the last accepted one (claimed atomically). */
  function acceptTotp(secret: string, code: string, lastStep: number | null): number | null {
    const step = totpStep(secret, code, clock());
    if (step === null || (lastStep !== null && step <= lastStep)) return null;
    return step;
  }

  return {
    status,
    smsAvailable: sms.available,

    async setPhone(account: AccountRow, phoneInput: string, password: string): Promise<{ smsResendIn: number }> {
      await requirePassword(account, password);
      const phone = normalizePhoneNumber(phoneInput);
      if (!phone) throw new HubError(400, 'invalid_phone', 'Enter the phone number in international format, like +49 151 2345678.');
      // The number becomes the account's only once the code sent to it comes back (verifyPhone).
      await sms.send(account.id, 'phone_verification', phone);
      return { smsResendIn: Math.ceil((await sms.resendWait(account.id, 'phone_verification')) / 1000) };
    },

    async verifyPhone(account: AccountRow, code: string): Promise<TwoStepStatus> {
      const pending = await db
        .selectFrom('sms_codes')
        .select('phone')
        .where('account_id', '=', account.id)
        .where('purpose', '=', 'phone_verification')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      const outcome = pending ? await sms.check(account.id, 'phone_verification', code) : 'expired';
      if (outcome === 'expired' || !pending) throw new HubError(400, 'code_expired', 'This code has expired or was tried too often; ask for a new one.');
      if (outcome === 'wrong') throw new HubError(400, 'invalid_code', 'The code is not correct.');
      await save(account.id, { phone: pending.phone, phone_verified_at: clock() });
      deps.log.info({ accountId: account.id }, 'phone verified');
      return status(account.id);
    },

    async setSms(account: AccountRow, enabled: boolean, password: string): Promise<TwoStepStatus> {
      await requirePassword(account, password);
      const row = await settingsOf(account.id);
      if (enabled && !(row?.phone && row.phone_verified_at !== null)) {
        throw new HubError(409, 'phone_not_verified', 'Add and verify a phone number first.');
      }
      await save(account.id, { sms_enabled: enabled ? 1 : 0 });
      deps.log.info({ accountId: account.id, enabled }, 'SMS two-step changed');
      return status(account.id);
    },

    async startTotp(account: AccountRow, password: string): Promise<TotpEnrolment> {
      await requirePassword(account, password);
      const secret = newTotpSecret();
      await save(account.id, { totp_pending_secret: deps.secrets.seal(secret, account.id) });
      const uri = otpauthUri(secret, account.email);
      return { secret, otpauthUri: uri, qrCode: await qrCodeDataUrl(uri) };
    },

    async confirmTotp(account: AccountRow, code: string): Promise<{ recoveryCodes: string[] }> {
      const row = await settingsOf(account.id);
      const sealed = row?.totp_pending_secret;
      if (!sealed) throw new HubError(409, 'totp_not_started', 'Start setting up the authenticator app first.');
      const secret = deps.secrets.open(sealed, account.id);
      const step = acceptTotp(secret, code, null);
      if (step === null) throw new HubError(400, 'invalid_code', 'The code is not correct; check the app shows "My Tessera".');
      const codes = newRecoveryCodes();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('two_step')
          .set({ totp_secret: sealed, totp_pending_secret: null, totp_enabled: 1, totp_last_step: step, updated_at: clock() })
          .where('account_id', '=', account.id)
          .execute();
        await trx.deleteFrom('recovery_codes').where('account_id', '=', account.id).execute();
        await trx
          .insertInto('recovery_codes')
          .values(codes.map((recovery) => ({ account_id: account.id, code_hash: hashCode(account.id, recovery), used_at: null })))
          .execute();
      });
      deps.log.info({ accountId: account.id }, 'authenticator app enabled');
      return { recoveryCodes: codes };
    },

    async disableTotp(account: AccountRow, password: string): Promise<TwoStepStatus> {
      await requirePassword(account, password);
      await save(account.id, { totp_enabled: 0, totp_secret: null, totp_pending_secret: null, totp_last_step: null });
      // The recovery codes came with the app; a later enrolment makes new ones.
      await db.deleteFrom('recovery_codes').where('account_id', '=', account.id).execute();
      deps.log.info({ accountId: account.id }, 'authenticator app disabled');
      return status(account.id);
    },

    /**
     * The second factor of a sign-in whose password was right. Returns when none is needed or the
     * given one is right; otherwise throws 401 second_factor_required (sending the SMS where that is
     * the way in), invalid_code (the caller counts it as a failed sign-in) or code_expired.
     */
    async checkSignIn(account: AccountRow, factor: SecondFactor | undefined): Promise<void> {
      const row = await settingsOf(account.id);
      const methods = await methodsOf(account.id, row);
      if (methods.length === 0) return;

      const challenge = async (smsSent: boolean): Promise<SecondFactorChallenge> => ({
        methods,
        ...(row?.phone && methods.includes('sms') ? { phoneHint: maskPhoneNumber(row.phone) } : {}),
        ...(methods.includes('sms') ? { smsSent, smsResendIn: Math.ceil((await sms.resendWait(account.id, 'sign_in')) / 1000) } : {}),
      });

      if (!factor?.code || !methods.includes(factor.method)) {
        // The SMS goes out on its own only when it is the way in; an app user asks for it explicitly.
        const wantsSms = methods.includes('sms') && (factor?.method === 'sms' || (!factor && !methods.includes('totp')));
        let sent = false;
        if (wantsSms && row?.phone && (await sms.resendWait(account.id, 'sign_in')) === 0) {
          await sms.send(account.id, 'sign_in', row.phone);
          sent = true;
        }
        throw new HubError(401, 'second_factor_required', 'Repeat the sign-in with the code in `secondFactor`.', { ...(await challenge(sent)) });
      }

      let outcome: 'ok' | 'wrong' | 'expired' = 'wrong';
      if (factor.method === 'sms') {
        outcome = await sms.check(account.id, 'sign_in', factor.code);
      } else if (factor.method === 'totp' && row?.totp_secret) {
        const step = acceptTotp(deps.secrets.open(row.totp_secret, account.id), factor.code, row.totp_last_step);
        if (step !== null) {
          // Claimed atomically: the same code sent twice at once is accepted once.
          const claimed = await db
            .updateTable('two_step')
            .set({ totp_last_step: step })
            .where('account_id', '=', account.id)
            .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
            .executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 1) outcome = 'ok';
        }
      } else if (factor.method === 'recovery' && normalizeCode(factor.code).length > 0) {
        const used = await db
          .updateTable('recovery_codes')
          .set({ used_at: clock() })
          .where('account_id', '=', account.id)
          .where('code_hash', '=', hashCode(account.id, factor.code))
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) === 1) {
          outcome = 'ok';
          deps.log.warn({ accountId: account.id }, 'recovery code used');
        }
      }
      if (outcome === 'ok') return;
      if (outcome === 'expired') {
        throw new HubError(401, 'code_expired', 'The code expired or was tried too often; ask for a new one.', { ...(await challenge(false)) });
      }
      throw new HubError(401, 'invalid_code', 'The code is not correct.', { ...(await challenge(false)) });
    },
  };
}

export type TwoStepService = ReturnType<typeof createTwoStepService>;
