/**
 * Background-only. The one place a password leaves the background: `tessera.fill` to ONE frame, by
 * tab id, frame id and (Chrome) document id, so it never reaches another frame or a later page in
 * the same frame. Only what the form can use is sent: a username-first step gets the username, a
 * one-time-code form the current code, a sign-up form nothing of the item (it gets the generator).
 */
import type { SignInKind } from '../autofill/sign-in-kind.ts';
import type { ToContent } from '../autofill/protocol.ts';
import { MessageFailure } from '../messaging/router.ts';
import type { VaultItem } from '../protocol/vault-item.ts';
import { InvalidTotpSecretError, totpCode } from '../vault/totp.ts';
import { type FrameRef, sendOptionsOf } from './frame-ref.ts';

/** browser.tabs.sendMessage, typed for what the background sends to content scripts. */
export type SendToFrame = (tabId: number, message: ToContent, options: { frameId: number; documentId?: string }) => Promise<unknown>;

/** What callers give; sendFill adds the frame's origin (the content script checks it against its own). */
export type FillMessage = Omit<Extract<ToContent, { type: 'tessera.fill' }>, 'origin'>;
type FillValues = Omit<FillMessage, 'type' | 'target'>;

function currentCode(secret: string, now: number): string | undefined {
  if (secret.trim() === '') return undefined;
  try {
    return totpCode(secret, now).code;
  } catch (error) {
    if (error instanceof InvalidTotpSecretError) return undefined; // an unusable secret: fill the rest
    throw error;
  }
}

/** What of the item goes to a form of this kind (null: not known — the popup, the shortcut, page load). */
export function fillValuesFor(item: VaultItem, formKind: SignInKind | null, now: number): FillValues {
  const login = item.content.login;
  if (!login || formKind === 'sign-up') return {};
  const values: FillValues = {};
  if (formKind !== 'one-time-code' && login.username !== '') values.username = login.username;
  if (formKind === 'username-first') return values;
  if (formKind !== 'one-time-code' && login.password !== '') values.password = login.password;
  const otp = currentCode(login.totp, now);
  if (otp !== undefined) values.otp = otp;
  return values;
}

/** Sends the fill; `{ filled }` as the content script answered. `no_fillable_form` when the frame (or its document) is gone. */
export async function sendFill(send: SendToFrame, frame: FrameRef, message: FillMessage): Promise<boolean> {
  if (message.username === undefined && message.password === undefined && message.otp === undefined && message.newPassword === undefined) return false;
  let answer: unknown;
  try {
    if (!frame.origin) throw new MessageFailure('site_mismatch');
    answer = await send(frame.tabId, { ...message, origin: frame.origin }, sendOptionsOf(frame));
  } catch {
    throw new MessageFailure('no_fillable_form');
  }
  return typeof answer === 'object' && answer !== null && (answer as { filled?: unknown }).filled === true;
}

/** For messages whose delivery does not matter (closing a menu or prompt that may already be gone). */
export async function sendQuietly(send: SendToFrame, tabId: number, message: ToContent, options: { frameId: number; documentId?: string }): Promise<void> {
  try {
    await send(tabId, message, options);
  } catch {
    // The frame went away: nothing left to close.
  }
}
