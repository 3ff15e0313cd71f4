/**
 * Development outbox: mail the hub kept instead of sending (and, later, SMS codes and Security Check
 * answers). Registered only in development mode, which the hub refuses under NODE_ENV=production.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { NO_CONTROL_CHARACTERS } from '../../lib/protocol/text.ts';
import { toIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { escapeHtml, page } from '../pages/html.ts';

const OutboxEntry = z.object({
  id: z.string(),
  kind: z.string(),
  recipient: z.string(),
  subject: z.string(),
  text: z.string(),
  link: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

const OutboxQuery = z.object({
  // No control characters: PostgreSQL refuses NUL in a query parameter, which was a 500.
  recipient: z.string().max(320).regex(NO_CONTROL_CHARACTERS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function outboxRoutes(deps: { db: Kysely<Database> }): FastifyPluginAsyncZod {
  async function entries(query: z.infer<typeof OutboxQuery>) {
    let select = deps.db.selectFrom('dev_outbox').selectAll().orderBy('created_at', 'desc').limit(query.limit);
    if (query.recipient) select = select.where('recipient', '=', query.recipient);
    const rows = await select.execute();
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      recipient: row.recipient,
      subject: row.subject,
      text: row.body_text,
      link: row.link,
      createdAt: toIso(row.created_at),
    }));
  }

  return async (app) => {
    app.get('/dev/outbox.json', {
      schema: {
        hide: true,
        querystring: OutboxQuery,
        response: { 200: z.object({ entries: z.array(OutboxEntry) }) },
      },
      handler: async (request) => ({ entries: await entries(request.query) }),
    });

    app.get('/dev/outbox', {
      schema: { hide: true, querystring: OutboxQuery },
      handler: async (request, reply) => {
        const rows = (await entries(request.query))
          .map(
            (entry) => `<tr><td>${escapeHtml(entry.createdAt)}</td><td>${escapeHtml(entry.kind)}</td><td>${escapeHtml(entry.recipient)}</td>
<td><strong>${escapeHtml(entry.subject)}</strong>${entry.link ? `<br><a href="${escapeHtml(entry.link)}">${escapeHtml(entry.link)}</a>` : ''}
<details><summary>Text</summary><pre>${escapeHtml(entry.text)}</pre></details></td></tr>`,
          )
          .join('\n');
        const body = `<h1>Development outbox</h1>
<p>Mail the hub would have sent. This page exists only in development mode.</p>
<table><thead><tr><th>When</th><th>Kind</th><th>To</th><th>Message</th></tr></thead><tbody>
${rows || '<tr><td colspan="4">Nothing yet.</td></tr>'}
</tbody></table>`;
        return reply
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(page({ language: 'en', title: 'Development outbox', body, footer: 'Development mode' }));
      },
    });
  };
}
