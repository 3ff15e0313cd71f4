/**
 * Delivers SMS through Twilio's Messages REST API (or anything speaking it). Errors carry only the HTTP
 * status and Twilio's numeric code: Twilio's `message` field can echo the destination number.
 */
import { SmsDeliveryError, type SmsSender } from './sms-sender.ts';

export interface HttpSmsGatewayOptions {
  /** API base, e.g. `https://api.twilio.com` (no path). */
  url: string;
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or alphanumeric sender id. */
  from: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Twilio statuses that mean the message was refused even though the request succeeded. */
const FAILED_STATUSES = new Set(['failed', 'undelivered', 'canceled']);

export function createHttpSmsGateway(options: HttpSmsGatewayOptions): SmsSender {
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${options.url.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  return {
    name: 'twilio',
    async send(message) {
      let response: Response;
      let body: unknown;
      try {
        // The timeout signal also covers reading the body, so a gateway that stalls mid-answer fails too.
        response = await doFetch(endpoint, {
          method: 'POST',
          headers: { authorization, accept: 'application/json' },
          body: new URLSearchParams({ To: message.to, From: options.from, Body: message.text }),
          signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
        body = await response.json().catch(() => null);
      } catch (error) {
        throw new SmsDeliveryError('SMS gateway unreachable', { cause: error });
      }

      const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      if (!response.ok) {
        const gatewayCode = typeof fields.code === 'number' ? fields.code : null;
        throw new SmsDeliveryError(`SMS gateway refused the message (HTTP ${response.status}${gatewayCode === null ? '' : `, code ${gatewayCode}`})`, {
          status: response.status,
          gatewayCode,
        });
      }
      if (typeof fields.sid !== 'string') {
        throw new SmsDeliveryError(`SMS gateway answered HTTP ${response.status} without a message sid`, { status: response.status });
      }
      if (typeof fields.status === 'string' && FAILED_STATUSES.has(fields.status)) {
        const gatewayCode = typeof fields.error_code === 'number' ? fields.error_code : null;
        throw new SmsDeliveryError(`SMS gateway marked the message ${fields.status}${gatewayCode === null ? '' : ` (code ${gatewayCode})`}`, {
          status: response.status,
          gatewayCode,
        });
      }
    },
    async close() {},
  };
}
