/**
 * How the hub sends text messages: through an HTTP SMS gateway (Twilio's Messages API) when one is
 * configured, otherwise into the development outbox. Callers build the text; a sender only delivers it.
 */
export interface SmsMessage {
  /** The destination in E.164 form, e.g. `+4915112345678`. */
  to: string;
  text: string;
  /** What the message is for, e.g. `sms.sign_in_code` or `sms.phone_verification`. */
  kind: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
  close(): Promise<void>;
  /** Which delivery this is, for the start-up banner. */
  readonly name: string;
}

/**
 * A message the gateway did not accept, or could not be asked to. The text only ever names the HTTP
 * status and the gateway's numeric error code — never the SMS text, the number or credentials — so it
 * is safe to log. (The gateway code is not called `code`: the logger redacts fields of that name.)
 */
export class SmsDeliveryError extends Error {
  override readonly name = 'SmsDeliveryError';
  /** The gateway's HTTP status, or null when no answer came. */
  readonly status: number | null;
  /** The gateway's own error code (Twilio: e.g. 20003, 21211), when it gave one. */
  readonly gatewayCode: number | null;

  constructor(message: string, details: { status?: number; gatewayCode?: number | null; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status ?? null;
    this.gatewayCode = details.gatewayCode ?? null;
  }
}
