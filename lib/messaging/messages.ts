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
import { SECOND_FACTOR_METHODS, type SecondFactorMethod, type TotpEnrolment, type TwoStepStatus } from '../protocol/two-step.ts';
import { ItemContent, ItemId, type ItemPreview, type VaultItem } from '../protocol/vault-item.ts';
import type { PackedVaultList } from './preview-pack.ts';
import type { MenuState, PromptDetails } from '../autofill/protocol.ts';

/** Tokens the background hands out for the in-page menu and save prompt (lib/autofill/protocol.ts). */
const AutofillToken = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

const Email = z.string().max(320);
const Password = z.string().max(1024);
const MasterPassword = z.string().max(1024);

/** Idle time before the vault locks, in minutes, or only when the browser closes. */
export const LOCK_TIMEOUT_CHOICES = [1, 5, 15, 30, 60, 240, 'browser_close'] as const;
export type LockTimeout = (typeof LOCK_TIMEOUT_CHOICES)[number];
export const DEFAULT_LOCK_TIMEOUT: LockTimeout = 15;
const LockTimeoutSchema = z.union([z.literal([1, 5, 15, 30, 60, 240]), z.literal('browser_close')]);
/** Most items one `vault.import` call may carry (callers send bigger imports in chunks). */
export const IMPORT_CHUNK_LIMIT = 1000;

export const RequestSchemas = {
  'session.status': z.strictObject({}),
  'session.signIn': z.strictObject({ email: Email, password: Password }),
  /**
   * Signs this device out and wipes its vault. Refused with `unsynced_changes` while local changes
   * could not reach the hub, unless `discardUnsynced` (the person confirmed losing them).
   */
  'session.signOut': z.strictObject({ discardUnsynced: z.boolean().optional() }),
  'account.create': z.strictObject({
    email: Email,
    password: Password,
    region: z.string().max(16),
    marketingConsent: z.boolean(),
  }),
  /**
   * Goes on with the sign-in or account creation the hub interrupted (Security Check, two-step code).
   * `password` only when the person typed it again (the background keeps the first one in memory;
   * after a service-worker restart it is gone and `pending.hasPassword` is false).
   */
  'attempt.continue': z.strictObject({
    email: Email.optional(),
    password: Password.optional(),
    captchaAnswer: z.string().max(32).optional(),
    secondFactor: z.strictObject({ method: z.enum(SECOND_FACTOR_METHODS), code: z.string().max(64) }).optional(),
  }),
  /** "New picture": burns the current challenge and fetches another. */
  'attempt.newPicture': z.strictObject({}),
  /** "Send a new code": asks the hub to send the sign-in SMS again. */
  'attempt.resendSms': z.strictObject({}),
  /** Leaves the interrupted attempt (back to the plain form); forgets the remembered password. */
  'attempt.cancel': z.strictObject({}),
  'account.refresh': z.strictObject({}),
  'twoStep.status': z.strictObject({}),
  'twoStep.setPhone': z.strictObject({ phone: z.string().max(32), password: Password }),
  'twoStep.verifyPhone': z.strictObject({ code: z.string().max(64) }),
  'twoStep.setSms': z.strictObject({ enabled: z.boolean(), password: Password }),
  'twoStep.startTotp': z.strictObject({ password: Password }),
  'twoStep.confirmTotp': z.strictObject({ code: z.string().max(64) }),
  'twoStep.disableTotp': z.strictObject({ password: Password }),
  'account.resendActivation': z.strictObject({}),
  'settings.get': z.strictObject({}),
  'settings.setServerAddress': z.strictObject({ address: z.string().max(2048) }),
  // The vault (issue 4). Every vault message but `vault.totpCode` counts as activity for the idle lock.
  'vault.status': z.strictObject({}),
  /** First device: creates the vault key and stores the wrapped key on the hub. */
  'vault.setup': z.strictObject({ masterPassword: MasterPassword }),
  'vault.unlock': z.strictObject({ masterPassword: MasterPassword }),
  'vault.lock': z.strictObject({}),
  /** Previews of every item (trash included) for the list and search; no secrets. */
  'vault.list': z.strictObject({}),
  /** The one item being viewed or edited, decrypted. */
  'vault.get': z.strictObject({ id: ItemId }),
  'vault.create': z.strictObject({ content: ItemContent, favourite: z.boolean() }),
  'vault.update': z.strictObject({ id: ItemId, content: ItemContent }),
  'vault.setFavourite': z.strictObject({ id: ItemId, favourite: z.boolean() }),
  /** Moves to the trash (kept 30 days). */
  'vault.trash': z.strictObject({ id: ItemId }),
  'vault.restore': z.strictObject({ id: ItemId }),
  /** Only for an item already in the trash. */
  'vault.deleteForever': z.strictObject({ id: ItemId }),
  'vault.emptyTrash': z.strictObject({}),
  /** Adds many items in one transaction (import; the benchmark fills a 10,000-item vault with it). */
  'vault.import': z.strictObject({ items: z.array(ItemContent).max(IMPORT_CHUNK_LIMIT) }),
  /** The current authenticator code of a login with a TOTP secret. */
  'vault.totpCode': z.strictObject({ id: ItemId }),
  'vault.changeMasterPassword': z.strictObject({ current: MasterPassword, next: MasterPassword }),
  'vault.setLockTimeout': z.strictObject({ timeout: LockTimeoutSchema }),
  // Sync and devices (issue 5).
  /** What the sync is doing; the popup polls it while open. */
  'sync.status': z.strictObject({}),
  /** Pull and push now (opening the popup does this too). */
  'sync.now': z.strictObject({}),
  'devices.rename': z.strictObject({ id: z.uuid(), name: z.string().max(64) }),
  /** "Sign out remotely": revokes another device; it wipes its local vault when it hears of it. */
  'devices.signOut': z.strictObject({ id: z.uuid() }),
  // Autofill (issue 6). `autofillMenu.*` come from the in-page menu iframe, `autofillPrompt.*` from
  // the save/update prompt iframe; both are extension pages framed by a content script, holding a
  // token that binds them to one tab, frame and document (lib/autofill/protocol.ts). The background
  // also checks that the sender's tab is the token's tab.
  /** The menu's rows: previews of the items matching the menu's frame, and the vault's state. */
  'autofillMenu.state': z.strictObject({ token: AutofillToken }),
  /** Fill the chosen item into the frame that opened the menu. `confirmed`: the person accepted an http downgrade. */
  'autofillMenu.fill': z.strictObject({ token: AutofillToken, itemId: ItemId, confirmed: z.boolean() }),
  /** A sign-up/change-password form: generate a password (site rules honoured) and put it into the new-password fields. */
  'autofillMenu.generate': z.strictObject({ token: AutofillToken }),
  'autofillMenu.close': z.strictObject({ token: AutofillToken }),
  'autofillPrompt.details': z.strictObject({ token: AutofillToken }),
  /** "Save" / "Update": title and username as the person left them in the prompt (title ignored for update). */
  'autofillPrompt.save': z.strictObject({ token: AutofillToken, title: z.string().max(500), username: z.string().max(1000) }),
  /** "Never for this site": no more offers for the page's registrable domain. */
  'autofillPrompt.never': z.strictObject({ token: AutofillToken }),
  'autofillPrompt.dismiss': z.strictObject({ token: AutofillToken }),
  /** The popup's "Fill" button: fills the item into the active tab (the frame the person last used, else the top frame). */
  'autofill.fillFromPopup': z.strictObject({ itemId: ItemId, confirmed: z.boolean() }),
  'autofill.settings': z.strictObject({}),
  /** Opt-in: fill on page load (top frame only, one match only, same-site form target only). Off by default. */
  'autofill.setFillOnLoad': z.strictObject({ enabled: z.boolean() }),
  /** Removes a site from "never offer to save". */
  'autofill.forgetNeverSite': z.strictObject({ site: z.string().max(253) }),
} as const;

export type MessageType = keyof typeof RequestSchemas;
export type RequestOf<T extends MessageType> = z.infer<(typeof RequestSchemas)[T]>;

/**
 * A sign-in or account creation the hub interrupted, as the popup may see it (no password, no
 * challenge id). Kept by the background in memory and storage.session, so closing and reopening
 * the popup shows the same step.
 */
export interface PendingAttempt {
  kind: 'signIn' | 'createAccount';
  email: string;
  /** createAccount only: the rest of the form, kept filled in. */
  region: string | null;
  marketingConsent: boolean | null;
  /** False once the background lost the password it kept in memory (service worker restarted). */
  hasPassword: boolean;
  step: 'captcha' | 'secondFactor';
  /** step 'captcha': the picture (a data: URL) and when it expires (epoch ms). */
  captcha: { image: string; expiresAt: number } | null;
  /** step 'secondFactor': what the hub accepts; when another SMS may be asked for (epoch ms). */
  secondFactor: { methods: SecondFactorMethod[]; phoneHint: string | null; smsResendAt: number | null } | null;
  /** No new attempt before this time (epoch ms): the hub's Retry-After or the background's own backoff. */
  retryAt: number | null;
  /** Failures in a row within this attempt (drives the backoff). */
  failures: number;
}

/** What the popup may know about the session: no tokens, ever. */
export type SessionStatus =
  | { state: 'signed_out'; lastEmail: string | null; pending: PendingAttempt | null }
  | {
      state: 'signed_in';
      account: AccountView;
      /** null until first fetched from the hub. */
      devices: DeviceView[] | null;
      deviceId: string;
      /** When the last refresh from the hub failed to reach it, the time of that attempt. */
      offlineSince: number | null;
    };

/**
 * The vault as the popup may see it: never a key. `setup_required`: the account has no keyset on
 * the hub yet (first device). `unavailable`: no keyset cached here and the hub could not be asked.
 * `locked.changedElsewhere`: the hub's keyset is newer than the one this device last unlocked with
 * (the master password was changed on another device).
 */
export type VaultState =
  | { state: 'signed_out' }
  | { state: 'setup_required' }
  | { state: 'unavailable'; reason: 'network_error' }
  | { state: 'locked'; changedElsewhere: boolean }
  | { state: 'unlocked'; itemCount: number };
export type VaultStatus = VaultState & { lockTimeout: LockTimeout };

export interface VaultList {
  /** Every item, trash included; sorted by title. */
  items: ItemPreview[];
  /** The current tab's host (when the browser lets the extension see it), and the items for that site. */
  siteHost: string | null;
  siteItemIds: string[];
}

export interface TotpCode {
  code: string;
  period: number;
  /** Seconds until the code changes. */
  remainingSeconds: number;
}

/**
 * Sync as the popup shows it. `off`: locked or signed out (sync runs while unlocked); `offline`: the
 * hub cannot be reached (local changes wait in the outbox); `error`: what went wrong, by code.
 */
export interface SyncStatus {
  state: 'off' | 'syncing' | 'synced' | 'offline' | 'error';
  /** Local changes not yet acknowledged by the hub. */
  pending: number;
  lastSyncedAt: number | null;
  error: ErrorCode | null;
  /** The first full download of a large vault: items received so far, and the total when known. */
  progress: { done: number; total: number | null } | null;
  /**
   * The local listing's generation (it changes with every local or pulled change): the popup reads
   * the item list again when it moves, so an item saved on another device appears without a click.
   */
  generation: number;
}

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
  'attempt.continue': SessionStatus;
  'attempt.newPicture': SessionStatus;
  'attempt.resendSms': SessionStatus;
  'attempt.cancel': SessionStatus;
  'account.refresh': SessionStatus;
  'twoStep.status': TwoStepStatus;
  'twoStep.setPhone': { smsResendIn: number };
  'twoStep.verifyPhone': TwoStepStatus;
  'twoStep.setSms': TwoStepStatus;
  'twoStep.startTotp': TotpEnrolment;
  'twoStep.confirmTotp': { recoveryCodes: string[] };
  'twoStep.disableTotp': TwoStepStatus;
  'account.resendActivation': { sent: true };
  'settings.get': Settings;
  'settings.setServerAddress': Settings;
  'vault.status': VaultStatus;
  'vault.setup': VaultStatus;
  'vault.unlock': VaultStatus;
  'vault.lock': VaultStatus;
  /** Columns, not objects (preview-pack.ts): the popup unpacks them into a VaultList. */
  'vault.list': PackedVaultList;
  'vault.get': VaultItem;
  'vault.create': VaultItem;
  'vault.update': VaultItem;
  'vault.setFavourite': VaultItem;
  'vault.trash': VaultItem;
  'vault.restore': VaultItem;
  'vault.deleteForever': { deleted: true };
  'vault.emptyTrash': { deleted: number };
  'vault.import': { created: number };
  'vault.totpCode': TotpCode;
  'vault.changeMasterPassword': VaultStatus;
  'vault.setLockTimeout': VaultStatus;
  'sync.status': SyncStatus;
  'sync.now': SyncStatus;
  'devices.rename': SessionStatus;
  'devices.signOut': SessionStatus;
  'autofillMenu.state': MenuState;
  'autofillMenu.fill': { filled: boolean };
  'autofillMenu.generate': { filled: boolean };
  'autofillMenu.close': { closed: true };
  'autofillPrompt.details': PromptDetails;
  'autofillPrompt.save': { saved: true; itemId: string };
  'autofillPrompt.never': { site: string };
  'autofillPrompt.dismiss': { closed: true };
  'autofill.fillFromPopup': { filled: boolean };
  'autofill.settings': AutofillSettings;
  'autofill.setFillOnLoad': AutofillSettings;
  'autofill.forgetNeverSite': AutofillSettings;
}

export interface AutofillSettings {
  /** Fill on page load without any action (off by default). */
  fillOnLoad: boolean;
  /** Registrable domains where "Never for this site" was chosen. */
  neverSites: string[];
}

/** A failure as the UI sees it: a code plus the few non-secret details it needs to explain it. */
export interface MessageError {
  code: ErrorCode;
  unmetRules?: PasswordRule[];
  retryAfterSeconds?: number;
  /** `unsynced_changes`: how many local changes have not reached the hub. */
  pending?: number;
}

export type MessageResult<T extends MessageType> =
  | { ok: true; value: ResponseMap[T] }
  | { ok: false; error: MessageError };

export interface Message<T extends MessageType = MessageType> {
  type: T;
  payload: RequestOf<T>;
}
