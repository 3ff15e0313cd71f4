/**
 * Security Check (captcha) schemas of the hub API (v1). The hub decides when an attempt needs one;
 * clients only carry the challenge to the person and the typed characters back.
 * Pure TS + zod, safe in every context.
 */
import { z } from 'zod';

/** The kinds of attempt the hub counts failures for. A challenge answers for one kind only. */
export const ATTEMPT_KINDS = ['sign_in', 'registration'] as const;
export const AttemptKind = z.enum(ATTEMPT_KINDS);
export type AttemptKind = z.infer<typeof AttemptKind>;

export const CAPTCHA_ANSWER_MAX_LENGTH = 16;

/**
 * Challenge ids are UUIDs; the pattern is looser (any id of letters, digits and dashes) but keeps
 * out what a database cannot take in a query parameter (PostgreSQL refuses NUL: that was a 500).
 */
const ChallengeId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'A challenge id is letters, digits and dashes.');

/** A challenge as the hub hands it out (inside `captcha_required` / `captcha_invalid` errors). */
export const CaptchaChallenge = z.object({
  id: z.string().min(1).max(64),
  /** `data:image/png;base64,…` — the characters exist only as pixels. */
  image: z.string().startsWith('data:image/png;base64,').max(200_000),
  /** Seconds until the challenge can no longer be answered. */
  expiresIn: z.number().int().positive(),
});
export type CaptchaChallenge = z.infer<typeof CaptchaChallenge>;

/** What an attempt carries once the person has read the picture. */
export const CaptchaSolution = z.strictObject({
  id: ChallengeId,
  answer: z.string().max(CAPTCHA_ANSWER_MAX_LENGTH),
});
export type CaptchaSolution = z.infer<typeof CaptchaSolution>;

/** `POST /v1/security-check` — a new picture ("New picture"); `replaces` is burned. */
export const NewChallengeRequest = z.strictObject({
  kind: AttemptKind,
  replaces: ChallengeId.optional(),
});
export type NewChallengeRequest = z.infer<typeof NewChallengeRequest>;

export const NewChallengeResponse = z.object({ captcha: CaptchaChallenge });
export type NewChallengeResponse = z.infer<typeof NewChallengeResponse>;

/** Answers are compared without case and without the spaces people type between groups. */
export function normalizeCaptchaAnswer(answer: string): string {
  return answer.replace(/\s+/g, '').toUpperCase();
}
