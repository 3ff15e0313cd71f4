/**
 * Issues and redeems Security Check challenges. A challenge is a row (so every hub process sharing
 * the database can redeem it) holding only SHA-256(id:ANSWER); the picture goes to the client and
 * the answer nowhere — except, in development mode, into the development outbox so tests and
 * developers can solve it (production never registers that path: config refuses dev mode there).
 *
 * Redeeming burns the challenge whatever the outcome: a wrong, expired or other-kind answer costs the
 * picture, so a challenge cannot be guessed at repeatedly.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { normalizeCaptchaAnswer, type AttemptKind, type CaptchaChallenge, type CaptchaSolution } from '../../lib/protocol/security-check.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { drawCaptcha, randomCaptchaAnswer } from './captcha-image.ts';

export interface CaptchaServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  ttlSeconds: number;
  /** Development mode: keep each answer in the development outbox. */
  revealAnswers: boolean;
}

function answerHash(id: string, answer: string): string {
  return createHash('sha256').update(`${id}:${normalizeCaptchaAnswer(answer)}`, 'utf8').digest('hex');
}

export function createCaptchaService(deps: CaptchaServiceDeps) {
  const { db, clock } = deps;

  return {
    async issue(kind: AttemptKind): Promise<CaptchaChallenge> {
      const id = randomUUID();
      const answer = randomCaptchaAnswer();
      const image = drawCaptcha(answer);
      const now = clock();
      await db
        .insertInto('captcha_challenges')
        .values({ id, kind, answer_hash: answerHash(id, answer), created_at: now, expires_at: now + deps.ttlSeconds * 1000, used_at: null })
        .execute();
      if (deps.revealAnswers) {
        await db
          .insertInto('dev_outbox')
          .values({ id: randomUUID(), kind: `captcha.${kind}`, recipient: id, subject: 'Security Check', body_text: answer, link: null, created_at: now })
          .execute();
      }
      return { id, image: `data:image/png;base64,${image.toString('base64')}`, expiresIn: deps.ttlSeconds };
    },

    /** True only for the right answer to an unused, unexpired challenge of this kind. Always burns it. */
    async redeem(solution: CaptchaSolution, kind: AttemptKind): Promise<boolean> {
      const row = await db.selectFrom('captcha_challenges').selectAll().where('id', '=', solution.id).executeTakeFirst();
      if (!row) return false;
      const now = clock();
      // Only the request that flips used_at may use the challenge: two racing attempts cannot both pass.
      const claimed = await db
        .updateTable('captcha_challenges')
        .set({ used_at: now })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return false;
      if (row.kind !== kind || row.expires_at <= now) return false;
      const expected = Buffer.from(row.answer_hash, 'hex');
      const given = Buffer.from(answerHash(row.id, solution.answer), 'hex');
      return expected.length === given.length && timingSafeEqual(expected, given);
    },

    async burn(id: string): Promise<void> {
      await db.updateTable('captcha_challenges').set({ used_at: clock() }).where('id', '=', id).where('used_at', 'is', null).execute();
    },
  };
}

export type CaptchaService = ReturnType<typeof createCaptchaService>;
