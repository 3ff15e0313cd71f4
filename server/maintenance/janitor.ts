/**
 * Deletes rows that can no longer matter: expired sessions, exchanged refresh tokens past the refresh
 * lifetime (a reuse that late could not be told from an expired token anyway), old activation links
 * development-outbox entries, Security Check challenges, SMS codes and the answers of vault push
 * batches older than a week. Runs hourly in the hub process.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

const DAY = 86_400_000;

export async function sweepExpiredRows(db: Kysely<Database>, clock: Clock, refreshTokenTtlDays: number): Promise<void> {
  const now = clock();
  await db.deleteFrom('sessions').where('refresh_expires_at', '<=', now).execute();
  await db.deleteFrom('used_refresh_tokens').where('used_at', '<', now - refreshTokenTtlDays * DAY).execute();
  await db.deleteFrom('activation_tokens').where('expires_at', '<', now - 30 * DAY).execute();
  await db.deleteFrom('dev_outbox').where('created_at', '<', now - 7 * DAY).execute();
  // Challenges and SMS codes are useless once expired; a day's grace keeps the hourly SMS throttle intact.
  await db.deleteFrom('captcha_challenges').where('expires_at', '<', now - DAY).execute();
  await db.deleteFrom('sms_codes').where('expires_at', '<', now - DAY).execute();
  // A device retries a push within minutes; a week covers a browser left closed over a weekend.
  await db.deleteFrom('vault_batches').where('created_at', '<', now - 7 * DAY).execute();
}

export function startJanitor(run: () => Promise<void>, onError: (error: unknown) => void): () => void {
  const timer = setInterval(() => void run().catch(onError), 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
