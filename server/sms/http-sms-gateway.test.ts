import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SmsGatewayStandIn, startSmsGatewayStandIn } from '../../tests/support/sms-gateway-stand-in.ts';
import { createHttpSmsGateway } from './http-sms-gateway.ts';
import { SmsDeliveryError, type SmsMessage } from './sms-sender.ts';

const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
const authToken = 'stand-in-auth-token-5f3a9c';
const from = '+15005550006';
const message: SmsMessage = { to: '+4915112345678', text: 'Your Tessera code is 493817', kind: 'sms.sign_in_code' };

/** Runs `send` and returns the SmsDeliveryError it must throw. */
async function deliveryError(send: Promise<void>): Promise<SmsDeliveryError> {
  const error = await send.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SmsDeliveryError);
  return error as SmsDeliveryError;
}

function expectNoSecrets(error: Error, extra: string[] = []): void {
  for (const secret of [authToken, accountSid, message.text, '493817', message.to, ...extra]) {
    expect(error.message).not.toContain(secret);
  }
}

describe('createHttpSmsGateway', () => {
  let gateway: SmsGatewayStandIn;
  beforeEach(async () => {
    gateway = await startSmsGatewayStandIn({ accountSid, authToken });
  });
  afterEach(() => gateway.close());

  it('delivers To, From and Body exactly when the gateway accepts', async () => {
    const sender = createHttpSmsGateway({ url: gateway.url, accountSid, authToken, from });
    await sender.send(message);
    expect(gateway.messages).toEqual([{ to: message.to, from, body: message.text }]);
  });

  it('sends HTTP Basic auth and a form body when delivering', async () => {
    const seen: { url: string; headers: Headers; body: string }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      seen.push({ url: request.url, headers: request.headers, body: await request.clone().text() });
      return fetch(request);
    };
    await createHttpSmsGateway({ url: `${gateway.url}/`, accountSid, authToken, from, fetch: recordingFetch }).send(message);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(`${gateway.url}/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(seen[0]?.headers.get('authorization')).toBe(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`);
    expect(seen[0]?.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.body))).toEqual({ To: message.to, From: from, Body: message.text });
  });

  it('throws with status 401 and code 20003 when the credentials are wrong', async () => {
    const wrongToken = 'not-the-right-token-77';
    const error = await deliveryError(createHttpSmsGateway({ url: gateway.url, accountSid, authToken: wrongToken, from }).send(message));
    expect(error.status).toBe(401);
    expect(error.gatewayCode).toBe(20003);
    expect(error.message).toContain('401');
    expect(error.message).toContain('20003');
    expectNoSecrets(error, [wrongToken]);
    expect(gateway.messages).toEqual([]);
  });

  it('throws with code 21211 and without the number when the number is not E.164', async () => {
    const badNumber = '015112345678';
    const sender = createHttpSmsGateway({ url: gateway.url, accountSid, authToken, from });
    const error = await deliveryError(sender.send({ ...message, to: badNumber }));
    expect(error.status).toBe(400);
    expect(error.gatewayCode).toBe(21211);
    expectNoSecrets(error, [badNumber]);
  });

  it('throws with the status when the gateway fails with a server error', async () => {
    gateway.failNext(500, 20500);
    const error = await deliveryError(createHttpSmsGateway({ url: gateway.url, accountSid, authToken, from }).send(message));
    expect(error.status).toBe(500);
    expect(error.gatewayCode).toBe(20500);
    expectNoSecrets(error);
  });

  it('throws "unreachable" when nothing listens on the port', async () => {
    const closedUrl = gateway.url;
    await gateway.close();
    gateway = await startSmsGatewayStandIn({ accountSid, authToken }); // for afterEach
    const error = await deliveryError(createHttpSmsGateway({ url: closedUrl, accountSid, authToken, from }).send(message));
    expect(error.message).toBe('SMS gateway unreachable');
    expect(error.status).toBeNull();
  });
});

describe('createHttpSmsGateway against a gateway that never answers', () => {
  let silent: Server;
  let url = '';
  beforeEach(async () => {
    silent = createServer(() => {}); // takes the request, never responds
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('throws "unreachable" when the timeout passes', async () => {
    const started = Date.now();
    const error = await deliveryError(createHttpSmsGateway({ url, accountSid, authToken, from, timeoutMs: 100 }).send(message));
    expect(error.message).toBe('SMS gateway unreachable');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
