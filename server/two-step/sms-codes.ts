/**
 * SMS codes for signing in and for verifying a phone number: 6 digits, stored hashed, valid five
 * minutes, five tries, a new one at most every 30 seconds and five per hour per account and purpose.
 * Sending goes through the SmsSender (development outbox or the HTTP gateway).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { HubError } from '../http/hub-error.ts';
import { rateLimited } from '../security-check/abuse-guard.ts';
import type { SmsSender } from '../sms/sms-sender.ts';
import { hashCode, newSmsCode } from './codes.ts';

export const SMS_CODE_TTL_MS = 5 * 60_000;
export const SMS_CODE_TRIES = 5;
export const SMS_RESEND_INTERVAL_MS = 30_000;
export const SMS_MAX_PER_HOUR = 5;
const HOUR = 3_600_000;

export type SmsPurpose = 'sign_in' | 'phone_verification';
export type SmsCheck = 'ok' | 'wrong' | 'expired';

export function createSmsCodes(deps: { db: Kysely<Database>; clock: Clock; sender: SmsSender | null; log: FastifyBaseLogger }) {
  const { db, clock } = deps;

  async function recent(accountId: string, purpose: SmsPurpose, since: number) {
    return db
      .selectFrom('sms_codes')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .execute();
  }

  return {
    available: deps.sender !== null,

    /** Milliseconds until another code may be sent (0: now). */
    async resendWait(accountId: string, purpose: SmsPurpose): Promise<number> {
      const now = clock();
      const lastHour = await recent(accountId, purpose, now - HOUR);
      const latest = lastHour[0];
      if (latest && now - latest.created_at < SMS_RESEND_INTERVAL_MS) return SMS_RESEND_INTERVAL_MS - (now - latest.created_at);
      if (lastHour.length >= SMS_MAX_PER_HOUR) return (lastHour[lastHour.length - 1]?.created_at ?? now) + HOUR - now;
      return 0;
    },

    /** Sends a new code (earlier codes of the purpose stop working). Throws 429 when throttled. */
    async send(accountId: string, purpose: SmsPurpose, phone: string): Promise<void> {
      if (!deps.sender) throw new HubError(400, 'sms_unavailable', 'This hub has no SMS gateway configured.');
      const wait = await this.resendWait(accountId, purpose);
      if (wait > 0) throw rateLimited(wait, 'A code was sent recently; wait before asking for another.');
      const now = clock();
      const code = newSmsCode();
      const id = randomUUID();
      await db
        .updateTable('sms_codes')
        .set({ used_at: now })
        .where('account_id', '=', accountId)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .execute();
      await db
        .insertInto('sms_codes')
        .values({ id, account_id: accountId, purpose, phone, code_hash: hashCode(id, code), attempts: 0, created_at: now, expires_at: now + SMS_CODE_TTL_MS, used_at: null })
        .execute();
      const text =
        purpose === 'sign_in'
          ? `${code} is your My Tessera sign-in code. It expires in 5 minutes. Never share it.`
          : `${code} is your code to confirm this phone number for My Tessera. It expires in 5 minutes.`;
      try {
        await deps.sender.send({ to: phone, text, kind: purpose === 'sign_in' ? 'sms.sign_in_code' : 'sms.phone_verification' });
      } catch (error) {
        // Not sent: it must not hold back a retry nor use up the hourly allowance. (A gateway that timed
        // out after sending lets the person ask again sooner — the lesser evil.)
        await db.deleteFrom('sms_codes').where('id', '=', id).execute();
        deps.log.error({ accountId, purpose, err: error instanceof Error ? error.message : 'unknown' }, 'SMS not sent');
        throw new HubError(502, 'sms_not_sent', 'The SMS could not be sent; try again in a moment.');
      }
    },

    /** Checks a code against the latest one sent for the purpose; a wrong one uses up a try. */
    async check(accountId: string, purpose: SmsPurpose, code: string): Promise<SmsCheck> {
      const now = clock();
      const latest = (await recent(accountId, purpose, now - HOUR))[0];
      if (!latest || latest.used_at !== null || latest.expires_at <= now || latest.attempts >= SMS_CODE_TRIES) return 'expired';
      const expected = Buffer.from(latest.code_hash, 'hex');
      const given = Buffer.from(hashCode(latest.id, code), 'hex');
      if (timingSafeEqual(expected, given)) {
        // Single use even when two requests carry the code at once.
        const claimed = await db.updateTable('sms_codes').set({ used_at: now }).where('id', '=', latest.id).where('used_at', 'is', null).executeTakeFirst();
        return Number(claimed.numUpdatedRows) === 1 ? 'ok' : 'expired';
      }
      // Counted in the database (not read-modify-write), so parallel wrong guesses each use a try.
      await db
        .updateTable('sms_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', latest.id)
        .execute();
      await db.updateTable('sms_codes').set({ used_at: now }).where('id', '=', latest.id).where('attempts', '>=', SMS_CODE_TRIES).where('used_at', 'is', null).execute();
      return 'wrong';
    },
  };
}

export type SmsCodes = ReturnType<typeof createSmsCodes>;
