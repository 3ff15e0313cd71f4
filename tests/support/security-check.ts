/** Request helpers for Security Check tests: attempts from a chosen IP, and answers from the dev outbox. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DeviceInfo } from '../../lib/protocol/devices.ts';
import type { CaptchaChallenge, CaptchaSolution } from '../../lib/protocol/security-check.ts';
import type { SecondFactor } from '../../lib/protocol/two-step.ts';
import { GOOD_PASSWORD, readOutbox, uniqueEmail } from './hub-client.ts';

export interface SignInAttempt {
  email: string;
  password: string;
  device: DeviceInfo;
  captcha?: CaptchaSolution;
  secondFactor?: SecondFactor;
}

export function attemptSignIn(app: FastifyInstance, attempt: SignInAttempt, ip = '127.0.0.1'): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/v1/sessions', payload: { ...attempt }, remoteAddress: ip });
}

export function attemptRegistration(
  app: FastifyInstance,
  input: { email?: string; password?: string; device?: DeviceInfo; captcha?: CaptchaSolution },
  ip = '127.0.0.1',
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/v1/accounts',
    remoteAddress: ip,
    payload: {
      email: input.email ?? uniqueEmail('reg'),
      password: input.password ?? GOOD_PASSWORD,
      region: 'us',
      marketingConsent: false,
      ...(input.device ? { device: input.device } : {}),
      ...(input.captcha ? { captcha: input.captcha } : {}),
    },
  });
}

export function requestChallenge(app: FastifyInstance, kind: 'sign_in' | 'registration', replaces?: string, ip = '127.0.0.1') {
  return app.inject({ method: 'POST', url: '/v1/security-check', payload: { kind, ...(replaces ? { replaces } : {}) }, remoteAddress: ip });
}

/** The challenge inside a captcha_required / captcha_invalid answer (throws if there is none). */
export function challengeOf(response: LightMyRequestResponse): CaptchaChallenge {
  const body = response.json() as { error?: { captcha?: CaptchaChallenge }; captcha?: CaptchaChallenge };
  const challenge = body.error?.captcha ?? body.captcha;
  if (!challenge) throw new Error(`no challenge in ${response.statusCode} ${response.body.slice(0, 200)}`);
  return challenge;
}

/** What a person would read from the picture: development mode keeps the answer in the outbox. */
export async function answerOf(app: FastifyInstance, challenge: CaptchaChallenge): Promise<string> {
  const [entry] = await readOutbox(app, challenge.id);
  if (!entry) throw new Error(`no answer in the outbox for challenge ${challenge.id}`);
  return entry.text;
}

export async function solve(app: FastifyInstance, response: LightMyRequestResponse): Promise<CaptchaSolution> {
  const challenge = challengeOf(response);
  return { id: challenge.id, answer: await answerOf(app, challenge) };
}

export function errorCode(response: LightMyRequestResponse): string | undefined {
  return (response.json() as { error?: { code?: string } }).error?.code;
}
