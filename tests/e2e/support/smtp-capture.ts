/**
 * Reads the mail the hub really sent over SMTP: the SMTP sink of tests/support (plain SMTP on
 * 127.0.0.1, nodemailer told `ignoreTLS=true` through the URL) plus look-up by recipient, decoded
 * parts and the links in them.
 */
import { parseMail } from '../../support/mime.ts';
import { type ReceivedMail, startSmtpSink } from '../../support/smtp-sink.ts';

export interface CapturedMail {
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Every http(s) link in the text and HTML parts, without duplicates. */
  links: string[];
}

export interface SmtpCapture {
  /** The SMTP_URL that makes a hub deliver here. */
  smtpUrl: string;
  /** Every message so far, decoded. */
  mails(): CapturedMail[];
  /** Waits for a message to `to` that has not been returned before, and returns it. */
  waitForMail(options: { to: string; timeoutMs?: number }): Promise<CapturedMail>;
  close(): Promise<void>;
}

function linksIn(...texts: string[]): string[] {
  const links = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/https?:\/\/[^\s"'<>]+/g)) links.add(match[0].replaceAll('&amp;', '&'));
  }
  return [...links];
}

function decode(mail: ReceivedMail): CapturedMail {
  const { subject, text, html } = parseMail(mail.raw);
  return { to: mail.envelopeTo.map((address) => address.toLowerCase()), subject, text, html, links: linksIn(text, html) };
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const sink = await startSmtpSink();
  const taken = new Set<ReceivedMail>();
  return {
    smtpUrl: sink.url,
    mails: () => sink.received.map(decode),
    async waitForMail({ to, timeoutMs = 15_000 }) {
      const wanted = to.toLowerCase();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = sink.received.find(
          (candidate) => !taken.has(candidate) && candidate.envelopeTo.some((address) => address.toLowerCase() === wanted),
        );
        if (mail) {
          taken.add(mail);
          return decode(mail);
        }
        if (Date.now() > deadline) {
          const seen = sink.received.map((m) => `${m.envelopeTo.join(',')}: ${decode(m).subject}`).join('; ') || 'none';
          throw new Error(`no mail to ${to} within ${timeoutMs} ms (mail received: ${seen})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => sink.close(),
  };
}
