/**
 * Development SMS delivery: the message is kept in the `dev_outbox` table (shown on /dev/outbox) and a
 * log line says where to find it. The log line never holds the text (it carries a code) or the number.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { SmsSender } from './sms-sender.ts';

export function createOutboxSmsSender(deps: {
  db: Kysely<Database>;
  clock: Clock;
  outboxUrl: string;
  log: Pick<FastifyBaseLogger, 'info'>;
}): SmsSender {
  return {
    name: 'outbox',
    async send(message) {
      await deps.db
        .insertInto('dev_outbox')
        .values({
          id: randomUUID(),
          kind: message.kind,
          recipient: message.to,
          subject: 'SMS',
          body_text: message.text,
          link: null,
          created_at: deps.clock(),
        })
        .execute();
      deps.log.info({ kind: message.kind, outbox: deps.outboxUrl }, 'SMS kept in the development outbox');
    },
    async close() {},
  };
}
