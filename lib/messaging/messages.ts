/**
 * The messages extension pages send to the background, and what each one answers (house style:
 * a discriminated union with a response map; names are `domain.verb`). Payload schemas are zod and
 * are parsed in the background before anything acts on them. Imported by the background and, for
 * types only, by the popup — which therefore does not ship zod.
 */
import { z } from 'zod';
import type { AccountView } from '../protocol/accounts.ts';
import type { DeviceView } from '../protocol/devices.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { PasswordRule } from '../protocol/password-rules.ts';

const Email = z.string().max(320);
const Password = z.string().max(1024);

export const RequestSchemas = {
  'session.status': z.strictObject({}),
  'session.signIn': z.strictObject({ email: Email, password: Password }),
  'session.signOut': z.strictObject({}),
  'account.create': z.strictObject({
    email: Email,
    password: Password,
    region: z.string().max(16),
    marketingConsent: z.boolean(),
  }),
  'account.refresh': z.strictObject({}),
  'account.resendActivation': z.strictObject({}),
  'settings.get': z.strictObject({}),
  'settings.setServerAddress': z.strictObject({ address: z.string().max(2048) }),
} as const;

export type MessageType = keyof typeof RequestSchemas;
export type RequestOf<T extends MessageType> = z.infer<(typeof RequestSchemas)[T]>;

/** What the popup may know about the session: no tokens, ever. */
export type SessionStatus =
  | { state: 'signed_out'; lastEmail: string | null }
  | {
      state: 'signed_in';
      account: AccountView;
      /** null until first fetched from the hub. */
      devices: DeviceView[] | null;
      deviceId: string;
      /** When the last refresh from the hub failed to reach it, the time of that attempt. */
      offlineSince: number | null;
    };

export interface Settings {
  serverAddress: string;
  builtInServerAddress: string;
  /** True when the user chose the address (not the built-in default). */
  custom: boolean;
}

export interface ResponseMap {
  'session.status': SessionStatus;
  'session.signIn': SessionStatus;
  'session.signOut': SessionStatus;
  'account.create': SessionStatus;
  'account.refresh': SessionStatus;
  'account.resendActivation': { sent: true };
  'settings.get': Settings;
  'settings.setServerAddress': Settings;
}

/** A failure as the UI sees it: a code plus the few non-secret details it needs to explain it. */
export interface MessageError {
  code: ErrorCode;
  unmetRules?: PasswordRule[];
  retryAfterSeconds?: number;
}

export type MessageResult<T extends MessageType> =
  | { ok: true; value: ResponseMap[T] }
  | { ok: false; error: MessageError };

export interface Message<T extends MessageType = MessageType> {
  type: T;
  payload: RequestOf<T>;
}
