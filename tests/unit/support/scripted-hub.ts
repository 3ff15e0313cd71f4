/**
 * A scripted stand-in for the hub on 127.0.0.1, answering per route ("POST /v1/sessions") from a
 * queue the test fills, with the answers /tmp/hub-api-issue3.md specifies (Security Check, two-step,
 * 429). For paths the real hub reaches only after many steps. A request nobody scripted gets a 500
 * `internal_error`, so an unexpected call shows up in the test. Node environment only.
 */
import { createServer } from 'node:http';
import type { AccountView } from '../../../lib/protocol/accounts.ts';
import type { SecondFactorMethod } from '../../../lib/protocol/two-step.ts';
import { json, type ScriptedAnswer } from './scripted-server.ts';
import { sampleAccount } from './fixtures.ts';

export interface HubRequest {
  route: string;
  body: unknown;
  authorization: string | undefined;
}

export interface ScriptedHub {
  address: string;
  requests: HubRequest[];
  /** Queues answers for a route, e.g. `script('POST /v1/sessions', captchaRequired('c1'), tokens())`. */
  script(route: string, ...answers: ScriptedAnswer[]): void;
  /** The parsed bodies of the requests to one route, in order. */
  bodiesTo(route: string): unknown[];
  close(): Promise<void>;
}

export async function startScriptedHub(): Promise<ScriptedHub> {
  const queues = new Map<string, ScriptedAnswer[]>();
  const requests: HubRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const route = `${request.method ?? ''} ${(request.url ?? '').split('?')[0] ?? ''}`;
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ route, body: text ? (JSON.parse(text) as unknown) : undefined, authorization: request.headers.authorization });
      const answer = queues.get(route)?.shift() ?? hubError(500, 'internal_error', { route });
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  let closing: Promise<void> | undefined;
  return {
    address: `http://127.0.0.1:${port}`,
    requests,
    script(route, ...answers) {
      queues.set(route, [...(queues.get(route) ?? []), ...answers]);
    },
    bodiesTo: (route) => requests.filter((seen) => seen.route === route).map((seen) => seen.body),
    // Idempotent, so a test may take the hub down (to be "offline") and afterEach still closes it.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })),
  };
}

export const SIGN_IN = 'POST /v1/sessions';
export const CREATE_ACCOUNT = 'POST /v1/accounts';
export const NEW_PICTURE = 'POST /v1/security-check';

/** The picture: a PNG data URL, as the hub sends it. */
export const PICTURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export function hubError(status: number, code: string, extras: Record<string, unknown> = {}, headers: Record<string, string> = {}): ScriptedAnswer {
  return json(status, { error: { code, message: 'Scripted.', ...extras } }, headers);
}

export const challenge = (id: string, expiresIn = 300) => ({ id, image: `${PICTURE}#${id}`, expiresIn });
export const captchaRequired = (id: string, expiresIn = 300) => hubError(403, 'captcha_required', { captcha: challenge(id, expiresIn) });
export const captchaInvalid = (newId: string) => hubError(403, 'captcha_invalid', { captcha: challenge(newId) });
export const newPicture = (id: string) => json(200, { captcha: challenge(id) });
export const invalidCredentials = () => hubError(401, 'invalid_credentials');
export const rateLimited = (seconds: number) => hubError(429, 'rate_limited', { retryAfter: seconds }, { 'retry-after': String(seconds) });

export interface SecondFactorExtras {
  methods?: SecondFactorMethod[];
  phoneHint?: string;
  smsSent?: boolean;
  smsResendIn?: number;
}
const SMS_ONLY: SecondFactorExtras = { methods: ['sms', 'recovery'], phoneHint: '+49•••••••67', smsSent: true, smsResendIn: 60 };
export const secondFactorRequired = (extras: SecondFactorExtras = SMS_ONLY) => hubError(401, 'second_factor_required', { ...extras });
export const invalidCode = (extras: SecondFactorExtras = { ...SMS_ONLY, smsSent: false }) => hubError(401, 'invalid_code', { ...extras });
export const codeExpired = (extras: SecondFactorExtras = { ...SMS_ONLY, smsSent: false }) => hubError(401, 'code_expired', { ...extras });

/** 200 SessionTokens for `email`, the device being `deviceId`. */
export function tokens(email: string, deviceId: string): ScriptedAnswer {
  return json(200, {
    accessToken: `tsa_${crypto.randomUUID()}`,
    refreshToken: `tsr_${crypto.randomUUID()}`,
    expiresIn: 900,
    refreshExpiresIn: 30 * 24 * 3600,
    account: sampleAccount({ email }),
    deviceId,
  });
}

export const created = (account: AccountView) => json(201, { account });

/** What a signed-in service reads right after signing in: the account and the device list. */
export function scriptAccountRead(hub: ScriptedHub, email: string, deviceId: string): void {
  hub.script('GET /v1/account', json(200, sampleAccount({ email })));
  hub.script(
    'GET /v1/devices',
    json(200, {
      devices: [
        {
          id: deviceId,
          name: 'Chromium on Linux',
          browser: 'chromium',
          platform: 'linux',
          createdAt: '2026-01-01T00:00:00.000Z',
          lastSeenAt: '2026-01-01T00:00:00.000Z',
          current: true,
        },
      ],
    }),
  );
}

/** A successful sign-in as the hub answers it, plus the account read that follows. */
export function scriptSignedIn(hub: ScriptedHub, email: string, deviceId: string): void {
  hub.script(SIGN_IN, tokens(email, deviceId));
  scriptAccountRead(hub, email, deviceId);
}
