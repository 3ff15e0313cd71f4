/**
 * Helpers for the two-step verification suites (tests/hub/two-step-*.test.ts): the settings routes,
 * sign-in with a second factor, and SMS codes read back from the development outbox. Like
 * hub-client.ts they only build requests and read answers; the assertions stay in the tests.
 */
import { randomInt } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DeviceInfo } from '../../lib/protocol/devices.ts';
import type { CaptchaSolution } from '../../lib/protocol/security-check.ts';
import type { SecondFactor, SecondFactorChallenge, TwoStepStatus } from '../../lib/protocol/two-step.ts';
import { bearer, createActivatedAccount, type CreateAccountInput, type OutboxEntry, readOutbox, signIn, type Tokens } from './hub-client.ts';

/** One TOTP time step. */
export const TOTP_STEP_MS = 30_000;

/** A German mobile number nobody else in the run uses, as typed and in E.164. */
export function uniquePhone(): { typed: string; e164: string } {
  const subscriber = String(randomInt(10_000_000, 100_000_000));
  return { typed: `+49 151 ${subscriber.slice(0, 4)} ${subscriber.slice(4)}`, e164: `+49151${subscriber}` };
}

/** A 6-digit code that is certainly not `code`. */
export function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

export interface SignInAttempt {
  email: string;
  password: string;
  device: DeviceInfo;
  secondFactor?: SecondFactor;
  captcha?: CaptchaSolution;
}

/** POST /v1/sessions with the optional second factor and Security Check answer. */
export function postSignIn(app: FastifyInstance, attempt: SignInAttempt): Promise<LightMyRequestResponse> {
  const { email, password, device, secondFactor, captcha } = attempt;
  return app.inject({
    method: 'POST',
    url: '/v1/sessions',
    payload: { email, password, device, ...(secondFactor ? { secondFactor } : {}), ...(captcha ? { captcha } : {}) },
  });
}

/** The `error` object of a hub answer, with the second-factor extras typed. */
export function errorOf(response: LightMyRequestResponse): { code: string; message: string; retryAfter?: number } & Partial<SecondFactorChallenge> {
  return (response.json() as { error: { code: string; message: string } & Partial<SecondFactorChallenge> }).error;
}

export const twoStepApi = {
  status: (app: FastifyInstance, accessToken: string) =>
    app.inject({ method: 'GET', url: '/v1/account/two-step', headers: bearer(accessToken) }),
  setPhone: (app: FastifyInstance, accessToken: string, phone: string, password: string) =>
    app.inject({ method: 'POST', url: '/v1/account/two-step/phone', headers: bearer(accessToken), payload: { phone, password } }),
  verifyPhone: (app: FastifyInstance, accessToken: string, code: string) =>
    app.inject({ method: 'POST', url: '/v1/account/two-step/phone/verification', headers: bearer(accessToken), payload: { code } }),
  setSms: (app: FastifyInstance, accessToken: string, enabled: boolean, password: string) =>
    app.inject({ method: 'PUT', url: '/v1/account/two-step/sms', headers: bearer(accessToken), payload: { enabled, password } }),
  startTotp: (app: FastifyInstance, accessToken: string, password: string) =>
    app.inject({ method: 'POST', url: '/v1/account/two-step/totp', headers: bearer(accessToken), payload: { password } }),
  confirmTotp: (app: FastifyInstance, accessToken: string, code: string) =>
    app.inject({ method: 'POST', url: '/v1/account/two-step/totp/confirmation', headers: bearer(accessToken), payload: { code } }),
  removeTotp: (app: FastifyInstance, accessToken: string, password: string) =>
    app.inject({ method: 'POST', url: '/v1/account/two-step/totp/removal', headers: bearer(accessToken), payload: { password } }),
};

/** GET /v1/account/two-step (200 expected). */
export async function readTwoStepStatus(app: FastifyInstance, accessToken: string): Promise<TwoStepStatus> {
  const response = await twoStepApi.status(app, accessToken);
  if (response.statusCode !== 200) throw new Error(`two-step status failed: ${response.statusCode} ${response.body}`);
  return response.json() as TwoStepStatus;
}

/** The SMS of the development outbox sent to `phone` (E.164), newest first, optionally of one kind. */
export async function smsTo(app: FastifyInstance, phone: string, kind?: 'sms.sign_in_code' | 'sms.phone_verification'): Promise<OutboxEntry[]> {
  const entries = await readOutbox(app, phone);
  return entries.filter((entry) => entry.kind.startsWith('sms.') && (kind === undefined || entry.kind === kind));
}

/** The 6-digit code in an SMS text. */
export function codeInText(text: string): string {
  const match = /(?<!\d)(\d{6})(?!\d)/.exec(text);
  if (!match?.[1]) throw new Error(`no 6-digit code in the SMS: ${text}`);
  return match[1];
}

/** The code of the newest SMS of `kind` sent to `phone` through the development outbox. */
export async function latestSmsCode(app: FastifyInstance, phone: string, kind: 'sms.sign_in_code' | 'sms.phone_verification'): Promise<string> {
  const [latest] = await smsTo(app, phone, kind);
  if (!latest) throw new Error(`no ${kind} SMS for ${phone}`);
  return codeInText(latest.text);
}

export interface SignedInAccount {
  account: { id: string; email: string };
  email: string;
  password: string;
  device: DeviceInfo;
  tokens: Tokens;
}

/** An activated account, signed in from its own device. */
export async function signedInAccount(app: FastifyInstance, input: CreateAccountInput = {}): Promise<SignedInAccount> {
  const created = await createActivatedAccount(app, input);
  return { ...created, tokens: await signIn(app, created) };
}

/** Sets and verifies a new unique phone (through the outbox); returns it in E.164. */
export async function verifyNewPhone(app: FastifyInstance, account: SignedInAccount): Promise<string> {
  const phone = uniquePhone().e164;
  const sent = await twoStepApi.setPhone(app, account.tokens.accessToken, phone, account.password);
  if (sent.statusCode !== 202) throw new Error(`phone not set: ${sent.statusCode} ${sent.body}`);
  const verified = await twoStepApi.verifyPhone(app, account.tokens.accessToken, await latestSmsCode(app, phone, 'sms.phone_verification'));
  if (verified.statusCode !== 200) throw new Error(`phone not verified: ${verified.statusCode} ${verified.body}`);
  return phone;
}

/** Turns SMS two-step on for the account (verifying a new phone first); returns the phone. */
export async function turnSmsOn(app: FastifyInstance, account: SignedInAccount): Promise<string> {
  const phone = await verifyNewPhone(app, account);
  const response = await twoStepApi.setSms(app, account.tokens.accessToken, true, account.password);
  if (response.statusCode !== 200) throw new Error(`SMS two-step not turned on: ${response.statusCode} ${response.body}`);
  return phone;
}

/**
 * Starts and confirms an authenticator app with the code at `now`; returns its secret and the
 * recovery codes. The confirming code's step is used up: the next sign-in needs a later step.
 */
export async function turnTotpOn(app: FastifyInstance, account: SignedInAccount, codeAt: (secret: string) => string) {
  const started = await twoStepApi.startTotp(app, account.tokens.accessToken, account.password);
  if (started.statusCode !== 200) throw new Error(`TOTP not started: ${started.statusCode} ${started.body}`);
  const { secret } = started.json() as { secret: string };
  const confirmed = await twoStepApi.confirmTotp(app, account.tokens.accessToken, codeAt(secret));
  if (confirmed.statusCode !== 200) throw new Error(`TOTP not confirmed: ${confirmed.statusCode} ${confirmed.body}`);
  const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}

/**
 * The solution of the Security Check a 403 captcha_required / captcha_invalid answer carries, read from
 * the development outbox (where a dev-mode hub keeps each challenge's answer).
 */
export async function captchaSolution(app: FastifyInstance, response: LightMyRequestResponse): Promise<CaptchaSolution> {
  const { error } = response.json() as { error: { code: string; captcha?: { id: string } } };
  if (!error.captcha) throw new Error(`no Security Check in the answer: ${response.statusCode} ${response.body}`);
  const [answer] = await readOutbox(app, error.captcha.id);
  if (!answer) throw new Error(`no answer in the outbox for challenge ${error.captcha.id}`);
  return { id: error.captcha.id, answer: answer.text };
}
