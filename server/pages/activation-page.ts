/**
 * GET /activate?token=…: the page an activation email links to. It activates and says so in the
 * account's language (or the browser's, when the token names no account).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../lib/protocol/regions.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { accountLanguage } from '../accounts/account-view.ts';
import { type HubTextKey, hubText } from '../i18n/hub-text.ts';
import { escapeHtml, page } from './html.ts';

type Outcome = 'success' | 'used' | 'expired' | 'invalid';

export function preferredLanguage(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
    if (tag && (LANGUAGES as readonly string[]).includes(tag)) return tag as Language;
  }
  return 'en';
}

export function activationPage(deps: { accounts: AccountService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/activate', {
      schema: {
        hide: true,
        querystring: z.object({ token: z.string().max(256).optional() }),
      },
      handler: async (request, reply) => {
        const token = request.query.token;
        let outcome: Outcome = 'invalid';
        let language = preferredLanguage(request.headers['accept-language']);
        if (token) {
          const result = await deps.accounts.activate(token);
          if (result.account) language = accountLanguage(result.account);
          // A link scanner may have opened the link first; the account is activated all the same.
          outcome =
            result.status === 'activated' || (result.status === 'used' && result.account?.activated_at)
              ? 'success'
              : result.status;
        }
        const say = (key: HubTextKey) => hubText(language, key);
        const html = page({
          language,
          title: say('page.activation.title'),
          footer: say('page.footer'),
          body: `<h1 data-outcome="${outcome}">${escapeHtml(say(`page.activation.${outcome}.heading`))}</h1>
<p>${escapeHtml(say(`page.activation.${outcome}.body`))}</p>`,
        });
        return reply
          .status(outcome === 'success' ? 200 : 400)
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(html);
      },
    });
  };
}
