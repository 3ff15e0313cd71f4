/**
 * The interrupted sign-in or account creation as kept in storage.session (see stored-state.ts), so a
 * popup close or a service-worker restart shows the same step. Background-only. Never holds the
 * password: the schema is strict, so a record that carries one (or anything unknown) is not read.
 */
import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { SecondFactorMethod } from '../protocol/two-step.ts';
import { SESSION_KEYS } from './stored-state.ts';

export const StoredAttempt = z.strictObject({
  /** Pairs this record with the password the background keeps in memory for it. */
  id: z.string().min(1),
  /** The hub the attempt (and its challenge) belongs to. */
  serverAddress: z.string(),
  kind: z.enum(['signIn', 'createAccount']),
  email: z.string(),
  region: z.string().nullable(),
  marketingConsent: z.boolean().nullable(),
  /** null: nothing interrupted the attempt; only the backoff below is remembered. */
  step: z.enum(['captcha', 'secondFactor']).nullable(),
  captcha: z.strictObject({ id: z.string(), image: z.string(), expiresAt: z.number() }).nullable(),
  secondFactor: z
    .strictObject({ methods: z.array(SecondFactorMethod), phoneHint: z.string().nullable(), smsResendAt: z.number().nullable() })
    .nullable(),
  failures: z.number().int().min(0),
  lastFailureAt: z.number().nullable(),
  retryAt: z.number().nullable(),
});
export type StoredAttempt = z.infer<typeof StoredAttempt>;

export interface AttemptStorage {
  read(): Promise<StoredAttempt | null>;
  write(attempt: StoredAttempt | null): Promise<void>;
}

const attemptItem = storage.defineItem<unknown>(SESSION_KEYS.attempt, { fallback: null });

/** storage.session, default access level (extension pages only). An unreadable record counts as none. */
export const sessionAttemptStorage: AttemptStorage = {
  async read() {
    const parsed = StoredAttempt.safeParse(await attemptItem.getValue());
    return parsed.success ? parsed.data : null;
  },
  async write(attempt) {
    if (attempt) await attemptItem.setValue(StoredAttempt.parse(attempt));
    else await attemptItem.removeValue();
  },
};
