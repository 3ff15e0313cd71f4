/**
 * How the hub sends mail: over SMTP when SMTP_URL is set, otherwise into the development outbox.
 * Callers build the message; a mailer only delivers it.
 */
export interface OutgoingMail {
  kind: 'activation';
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one link the mail is about, listed separately in the development outbox. */
  link?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}
