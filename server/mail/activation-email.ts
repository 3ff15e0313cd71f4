/** The activation email, in the account's display language. */
import type { Language } from '../../lib/protocol/regions.ts';
import { hubText } from '../i18n/hub-text.ts';
import { escapeHtml } from '../pages/html.ts';
import type { OutgoingMail } from './mailer.ts';

export function activationEmail(options: {
  to: string;
  language: Language;
  link: string;
  validDays: number;
}): OutgoingMail {
  const { language, link } = options;
  const say = (key: Parameters<typeof hubText>[1]) => hubText(language, key, { email: options.to, days: options.validDays });
  const text = [say('email.activation.greeting'), '', say('email.activation.body'), '', link, '', say('email.activation.ignore')].join(
    '\n',
  );
  const html = `<!doctype html><html lang="${language}"><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p><strong>${escapeHtml(say('email.activation.greeting'))}</strong></p>
<p>${escapeHtml(say('email.activation.body'))}</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:.6em 1.2em;background:#3b5bdb;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(say('email.activation.button'))}</a></p>
<p style="font-size:.9em;color:#555">${escapeHtml(link)}</p>
<p style="font-size:.9em;color:#555">${escapeHtml(say('email.activation.ignore'))}</p>
</body></html>`;
  return { kind: 'activation', to: options.to, subject: say('email.activation.subject'), text, html, link };
}
