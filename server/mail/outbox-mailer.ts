/**
 * Development mail delivery: the message is kept in the `dev_outbox` table (shown on /dev/outbox)
 * and a log line says where to find it. The log line never holds the link, which carries a token.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { Mailer } from './mailer.ts';

export function createOutboxMailer(deps: {
  db: Kysely<Database>;
  clock: Clock;
  outboxUrl: string;
  log: Pick<FastifyBaseLogger, 'info'>;
}): Mailer {
  return {
    async send(mail) {
      await deps.db
        .insertInto('dev_outbox')
        .values({
          id: randomUUID(),
          kind: `email.${mail.kind}`,
          recipient: mail.to,
          subject: mail.subject,
          body_text: mail.text,
          link: mail.link ?? null,
          created_at: deps.clock(),
        })
        .execute();
      deps.log.info({ kind: mail.kind, outbox: deps.outboxUrl }, 'email kept in the development outbox');
    },
    async close() {},
  };
}
