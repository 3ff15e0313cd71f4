/**
 * A real HTTP server on 127.0.0.1 that answers like Twilio's Messages API (create only), so tests can
 * check what the hub sends over the wire and how it copes with Twilio's errors. It checks what Twilio
 * checks first: the path, HTTP Basic auth, then the `To`/`From`/`Body` form fields.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  to: string;
  from: string;
  body: string;
}

export interface SmsGatewayStandIn {
  /** The API base URL to give the hub (like `https://api.twilio.com`). */
  url: string;
  messages: ReceivedSms[];
  /** Answers the next request, whatever it is, with a Twilio error of this HTTP status and code. */
  failNext(status: number, code: number): void;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{1,14}$/;

export async function startSmsGatewayStandIn(credentials: { accountSid: string; authToken: string }): Promise<SmsGatewayStandIn> {
  const messages: ReceivedSms[] = [];
  const failures: { status: number; code: number }[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
  const messagesPath = `/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`;

  const server = createServer((request, response) => {
    readBody(request).then(
      (raw) => handle(request, raw, response),
      () => response.destroy(),
    );
  });

  function handle(request: IncomingMessage, raw: string, response: ServerResponse): void {
    const failure = failures.shift();
    if (failure) return twilioError(response, failure.status, failure.code, 'Simulated failure');
    const path = (request.url ?? '').split('?')[0];
    // Twilio checks credentials before it looks at the resource.
    if (request.headers.authorization !== expectedAuth) return twilioError(response, 401, 20003, 'Authenticate');
    if (path !== messagesPath) return twilioError(response, 404, 20404, `The requested resource ${path} was not found`);
    if (request.method !== 'POST') return twilioError(response, 405, 20004, 'Method not allowed');

    // Twilio reads only form-encoded bodies; anything else looks to it like a request without fields.
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(isForm ? raw : '');
    const to = form.get('To');
    const from = form.get('From');
    const body = form.get('Body');
    if (!to) return twilioError(response, 400, 21604, "A 'To' phone number is required.");
    if (!from) return twilioError(response, 400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(response, 400, 21602, 'Message body is required.');
    // Like Twilio, the error message echoes the number — callers must not pass it on.
    if (!E164.test(to)) return twilioError(response, 400, 21211, `Invalid 'To' Phone Number: ${to}`);

    messages.push({ to, from, body });
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `/2010-04-01/Accounts/${credentials.accountSid}/Messages/${sid}`;
    json(response, 201, {
      account_sid: credentials.accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `${uri}/Media.json` },
      to,
      uri: `${uri}.json`,
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    failNext: (status, code) => void failures.push({ status, code }),
    close: () =>
      new Promise<void>((resolve) => {
        // fetch keeps connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function twilioError(response: ServerResponse, status: number, code: number, message: string): void {
  json(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value));
}
