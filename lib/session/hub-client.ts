/**
 * The background's HTTP client for the hub (ky). Every answer is checked against the shared zod
 * schemas; every failure becomes a HubRequestError carrying the hub's error code (or
 * `network_error` when the hub could not be reached). Background-only: it handles tokens.
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance, SchemaValidationError } from 'ky';
import { z } from 'zod';
import { AcceptedResponse, type AccountView, AccountView as AccountViewSchema, CreateAccountResponse } from '../protocol/accounts.ts';
import type { CreateAccountRequest } from '../protocol/accounts.ts';
import { DeviceListResponse, type DeviceView, DeviceView as DeviceViewSchema } from '../protocol/devices.ts';
import { ErrorBody, type ErrorCode } from '../protocol/errors.ts';
import { HealthResponse } from '../protocol/health.ts';
import { type CaptchaChallenge, type NewChallengeRequest, NewChallengeResponse } from '../protocol/security-check.ts';
import { SessionTokens, type SignInRequest } from '../protocol/sessions.ts';
import {
  type ConfirmTotpRequest,
  type DisableTotpRequest,
  RecoveryCodesResponse,
  type SetPhoneRequest,
  type SetSmsTwoStepRequest,
  type StartTotpRequest,
  TotpEnrolment,
  TwoStepStatus,
  type VerifyPhoneRequest,
} from '../protocol/two-step.ts';
import { Keyset, type PutKeysetRequest, PutKeysetResponse } from '../protocol/vault-keyset.ts';
import { ChangesPage, type PushRequest, PushResponse } from '../protocol/vault-sync.ts';

const REQUEST_TIMEOUT_MS = 15_000;

/** `202` answer of `POST /v1/account/two-step/phone` (lib/protocol has no schema of its own for it). */
const PhoneCodeSent = z.object({ smsResendIn: z.number().int().min(0) });
const TWO_STEP = '/v1/account/two-step';
const KEYSET = '/v1/vault/keyset';
const CHANGES = '/v1/vault/changes';

export class HubRequestError extends Error {
  override name = 'HubRequestError';
  readonly code: ErrorCode;
  readonly status: number;
  /** Non-secret extras from the hub's error body (e.g. unmetRules, retryAfter). */
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, status: number, details: Record<string, unknown> = {}) {
    super(code);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Gateway answers without a Tessera body: the proxy is there, the hub behind it is not reachable. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

function withoutTesseraBody(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate_limited';
  return GATEWAY_STATUSES.has(status) ? 'network_error' : 'not_a_tessera_hub';
}

async function toHubRequestError(error: unknown): Promise<unknown> {
  if (isHTTPError(error)) {
    const parsed = ErrorBody.safeParse(error.data);
    const status = error.response.status;
    const retryAfter = retryAfterSeconds(error.response);
    const extra = retryAfter === undefined ? {} : { retryAfter };
    if (parsed.success) {
      const { code, message: _message, ...details } = parsed.data.error;
      return new HubRequestError(code, status, { ...extra, ...details });
    }
    return new HubRequestError(withoutTesseraBody(status), status, extra);
  }
  if (isNetworkError(error) || isTimeoutError(error)) return new HubRequestError('network_error', 0);
  if (error instanceof TypeError) return new HubRequestError('network_error', 0); // fetch() refused (offline, CORS, DNS)
  // A 2xx answer that is not JSON (a web page) or not the expected shape: something else answers there.
  if (error instanceof SchemaValidationError || error instanceof SyntaxError) return new HubRequestError('not_a_tessera_hub', 0);
  return error;
}

/**
 * The address of the hub's `/v1/events` WebSocket under a saved server address:
 * http → ws, https → wss, any path prefix kept (`https://example.com/tessera` → `wss://example.com/tessera/v1/events`).
 */
export function eventsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/events`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

export function createHubClient(serverAddress: () => Promise<string>) {
  const http: KyInstance = ky.create({
    timeout: REQUEST_TIMEOUT_MS,
    // Only idempotent reads are retried, and never on 429: the user must see a rate limit.
    retry: { limit: 1, methods: ['get'], statusCodes: [502, 503, 504] },
    credentials: 'omit',
    cache: 'no-store',
  });

  async function request<S extends z.ZodType>(
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    options: { schema?: S; body?: unknown; token?: string; baseUrl?: string } = {},
  ): Promise<z.infer<S>> {
    const base = options.baseUrl ?? (await serverAddress());
    try {
      const response = http(`${base}${path}`, {
        method,
        ...(options.body === undefined ? {} : { json: options.body }),
        ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
      });
      if (!options.schema) {
        await response;
        return undefined as z.infer<S>;
      }
      return (await response.json(options.schema)) as z.infer<S>;
    } catch (error) {
      throw await toHubRequestError(error);
    }
  }

  return {
    /** Checks that a Tessera hub answers at `address` (used before saving a server address). */
    health: (address: string) => request('get', '/health', { schema: HealthResponse, baseUrl: address }),
    createAccount: (body: CreateAccountRequest) => request('post', '/v1/accounts', { schema: CreateAccountResponse, body }),
    signIn: (body: SignInRequest) => request('post', '/v1/sessions', { schema: SessionTokens, body }),
    refresh: (refreshToken: string, baseUrl: string) =>
      request('post', '/v1/sessions/refresh', { schema: SessionTokens, body: { refreshToken }, baseUrl }),
    signOut: (token: string, baseUrl: string) => request('delete', '/v1/sessions/current', { token, baseUrl }),
    account: (token: string, baseUrl: string): Promise<AccountView> =>
      request('get', '/v1/account', { schema: AccountViewSchema, token, baseUrl }),
    /** The `/v1/events` WebSocket address under `baseUrl` (see eventsUrl above). */
    eventsUrl,
    /** The account's connected devices; `devices.rename` and `devices.signOut` act on one of them. */
    devices: Object.assign(
      async (token: string, baseUrl: string): Promise<DeviceView[]> =>
        (await request('get', '/v1/devices', { schema: DeviceListResponse, token, baseUrl })).devices,
      {
        /** The renamed device's view; HubRequestError `device_not_found` (404) when it is not (or no longer) connected. */
        rename: (id: string, name: string, token: string, baseUrl: string): Promise<DeviceView> =>
          request('patch', `/v1/devices/${encodeURIComponent(id)}`, { schema: DeviceViewSchema, body: { name }, token, baseUrl }),
        /** Signs that device out remotely (its tokens stop working, its open event socket is told); 404 `device_not_found`. */
        signOut: async (id: string, token: string, baseUrl: string): Promise<void> => {
          await request('delete', `/v1/devices/${encodeURIComponent(id)}`, { token, baseUrl });
        },
      },
    ),
    resendActivation: (token: string, baseUrl: string) =>
      request('post', '/v1/accounts/activation-email', { schema: AcceptedResponse, body: {}, token, baseUrl }),
    /** "New picture": a fresh Security Check challenge; `replaces` is burned on the hub. */
    newChallenge: async (body: NewChallengeRequest): Promise<CaptchaChallenge> =>
      (await request('post', '/v1/security-check', { schema: NewChallengeResponse, body })).captcha,
    twoStep: {
      status: (token: string, baseUrl: string) => request('get', TWO_STEP, { schema: TwoStepStatus, token, baseUrl }),
      setPhone: (body: SetPhoneRequest, token: string, baseUrl: string) =>
        request('post', `${TWO_STEP}/phone`, { schema: PhoneCodeSent, body, token, baseUrl }),
      verifyPhone: (body: VerifyPhoneRequest, token: string, baseUrl: string) =>
        request('post', `${TWO_STEP}/phone/verification`, { schema: TwoStepStatus, body, token, baseUrl }),
      setSms: (body: SetSmsTwoStepRequest, token: string, baseUrl: string) =>
        request('put', `${TWO_STEP}/sms`, { schema: TwoStepStatus, body, token, baseUrl }),
      startTotp: (body: StartTotpRequest, token: string, baseUrl: string) =>
        request('post', `${TWO_STEP}/totp`, { schema: TotpEnrolment, body, token, baseUrl }),
      confirmTotp: (body: ConfirmTotpRequest, token: string, baseUrl: string) =>
        request('post', `${TWO_STEP}/totp/confirmation`, { schema: RecoveryCodesResponse, body, token, baseUrl }),
      disableTotp: (body: DisableTotpRequest, token: string, baseUrl: string) =>
        request('post', `${TWO_STEP}/totp/removal`, { schema: TwoStepStatus, body, token, baseUrl }),
    },
    vault: {
      /** The wrapped vault key with its KDF salt and parameters; HubRequestError `no_keyset` (404) before the first. */
      keyset: (token: string, baseUrl: string): Promise<Keyset> => request('get', KEYSET, { schema: Keyset, token, baseUrl }),
      /** Compare-and-swap; HubRequestError `conflict` (409) with `details.current` when `replaces` is not current. */
      putKeyset: (body: PutKeysetRequest, token: string, baseUrl: string): Promise<PutKeysetResponse> =>
        request('put', KEYSET, { schema: PutKeysetResponse, body, token, baseUrl }),
      /** Items and tombstones changed after the cursor `since` (0: everything), one page; `limit` defaults on the hub. */
      changes: (since: number, limit: number | undefined, token: string, baseUrl: string): Promise<ChangesPage> =>
        request('get', `${CHANGES}?${new URLSearchParams({ since: String(since), ...(limit === undefined ? {} : { limit: String(limit) }) })}`, {
          schema: ChangesPage,
          token,
          baseUrl,
        }),
      /**
       * One push batch. Never retried here (a POST): after a lost answer the caller sends the same body
       * with the same batchId again, and the hub answers it from the first run.
       */
      push: (body: PushRequest, token: string, baseUrl: string): Promise<PushResponse> =>
        request('post', CHANGES, { schema: PushResponse, body, token, baseUrl }),
    },
  };
}

export type HubClient = ReturnType<typeof createHubClient>;
