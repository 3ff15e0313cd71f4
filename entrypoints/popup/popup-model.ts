/**
 * The popup's state as signals, and the actions its screens call. The background is the source of
 * truth: every action sends a message and mirrors the answer; nothing here holds a token. An
 * interrupted sign-in or account creation (Security Check, two-step code) lives in the background
 * as `pending`, so the popup re-reads the status after a failure and on start, and shows its step.
 * Once signed in, the popup opens on the vault (set up, unlock, or the items); the account is one
 * button away. (Longer than most files: it is the popup's composition root, wiring the screen
 * routing to the vault, sync, devices and two-step models that hold the rest.)
 */
import { computed, signal } from '@preact/signals';
import type { CreateAccountFields } from '../../components/create-account-form.ts';
import { describeError, formatWait, t } from '../../lib/i18n/t.ts';
import type {
  MessageError,
  MessageResult,
  MessageType,
  PendingAttempt,
  RequestOf,
  ResponseMap,
  SessionStatus,
  Settings,
} from '../../lib/messaging/messages.ts';
import type { ErrorCode } from '../../lib/protocol/errors.ts';
import { createClock } from './clock.ts';
import { createDevicesModel } from './devices-model.ts';
import { createSaveServerAddress } from './server-address-action.ts';
import { createSyncModel } from './sync-model.ts';
import { createTwoStepModel } from './two-step-model.ts';
import { createVaultModel } from './vault-model.ts';

export type Screen = 'loading' | 'signIn' | 'createAccount' | 'securityCheck' | 'secondFactor' | 'vault' | 'account' | 'devices' | 'twoStep' | 'settings';

export interface PopupDeps {
  send: <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<MessageResult<T>>;
  /** Must be called synchronously from a click (Firefox drops the prompt otherwise). */
  requestHostPermission: (pattern: string) => Promise<boolean>;
  /** The time, for countdowns (tests pass a fake clock). */
  now?: () => number;
  /** Puts text on the clipboard ("Copy password"); defaults to navigator.clipboard. */
  copyText?: (text: string) => Promise<void>;
}

/** What the user typed on a step; empty fields are left out, so the background uses what it kept. */
export interface AttemptInput {
  password?: string;
  captchaAnswer?: string;
  secondFactor?: RequestOf<'attempt.continue'>['secondFactor'];
}

type AttemptMessage = 'session.signIn' | 'account.create' | 'attempt.continue' | 'attempt.newPicture' | 'attempt.resendSms';

const STEP_SCREENS = { captcha: 'securityCheck', secondFactor: 'secondFactor' } as const satisfies Record<PendingAttempt['step'], Screen>;
/** The code that only asks for the step; the step's own instructions say it, so no alert repeats it. */
const STEP_PROMPTS: Record<PendingAttempt['step'], ErrorCode> = { captcha: 'captcha_required', secondFactor: 'second_factor_required' };
/** Screens that belong to being signed out; signing in leaves them for the vault. */
const SIGNED_OUT_SCREENS: readonly Screen[] = ['loading', 'signIn', 'createAccount', 'securityCheck', 'secondFactor'];

export function createPopupModel(deps: PopupDeps) {
  const screen = signal<Screen>('loading');
  const status = signal<SessionStatus | null>(null);
  const settings = signal<Settings | null>(null);
  const busy = signal(false);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  /** The last interrupted attempt, to fill the plain form in again when it is left. */
  const draft = signal<PendingAttempt | null>(null);
  const clock = createClock(deps.now);
  let screenBeforeSettings: Screen = 'signIn';
  /** Changes that would be lost by signing out now (the background refused); null when none. */
  const unsyncedOnSignOut = signal<number | null>(null);

  const pending = computed(() => (status.value?.state === 'signed_out' ? status.value.pending : null));
  /**
   * The background's backoff as a failure on the plain form reported it (no step to carry it): the
   * sign-in button waits it out with a countdown instead of being refused on the next click.
   */
  const formRetryAt = signal<number | null>(null);
  const retryIn = computed(() => clock.secondsUntil(pending.value ? pending.value.retryAt : formRetryAt.value));
  const smsResendIn = computed(() => clock.secondsUntil(pending.value?.secondFactor?.smsResendAt));

  function show(next: Screen) {
    screen.value = next;
    error.value = null;
    notice.value = null;
  }

  function apply(next: SessionStatus) {
    const wasSignedIn = status.value?.state === 'signed_in';
    status.value = next;
    clock.sync();
    const current = screen.value;
    if (next.state === 'signed_in') {
      draft.value = null;
      if (SIGNED_OUT_SCREENS.includes(current)) {
        show('vault');
        void vault.load();
      }
    } else if (next.pending) {
      draft.value = next.pending;
      const step = STEP_SCREENS[next.pending.step];
      // Moved without show(): the error that led here (e.g. "did not match") stays visible.
      if (current === 'settings') screenBeforeSettings = step;
      else screen.value = step;
    } else if (current === 'securityCheck' || current === 'secondFactor') {
      screen.value = draft.value?.kind === 'createAccount' ? 'createAccount' : 'signIn';
    } else {
      // Signed out (here, remotely, or the session expired): nothing of the vault stays in the popup.
      vault.reset();
      twoStep.reset();
      if (current === 'settings') screenBeforeSettings = 'signIn';
      else if (current !== 'signIn' && current !== 'createAccount') {
        show('signIn');
        if (wasSignedIn) error.value = t('error_unauthorized');
      }
    }
  }

  function begin() {
    busy.value = true;
    error.value = null;
    notice.value = null;
  }

  /** Runs one background call with the busy flag; returns the value, or null after showing the error. */
  async function run<T extends MessageType>(type: T, payload: RequestOf<T>, onFailure?: (failure: MessageError) => void): Promise<ResponseMap[T] | null> {
    begin();
    try {
      const result = await deps.send(type, payload);
      if (result.ok) return result.value;
      showError(result.error);
      onFailure?.(result.error);
      return null;
    } finally {
      busy.value = false;
    }
  }

  /**
   * A sign-in or account-creation call. On failure the background may have started or moved on an
   * interrupted attempt, so the status is read again and its step shown. True when it went through.
   */
  async function attempt<T extends AttemptMessage>(type: T, payload: RequestOf<T>): Promise<boolean> {
    begin();
    try {
      const result = await deps.send(type, payload);
      if (result.ok) {
        apply(result.value as SessionStatus);
        return true;
      }
      error.value = describeError(result.error);
      const current = await deps.send('session.status', {});
      if (!current.ok) return false;
      apply(current.value);
      const next = current.value.state === 'signed_out' ? current.value.pending : null;
      const { code, retryAfterSeconds } = result.error;
      formRetryAt.value = !next && retryAfterSeconds !== undefined ? clock.now.value + retryAfterSeconds * 1000 : null;
      // The step itself says what to do, and a running countdown replaces a fixed "try again in …".
      if ((next && code === STEP_PROMPTS[next.step]) || (code === 'rate_limited' && retryIn.value > 0)) error.value = null;
      return false;
    } finally {
      busy.value = false;
    }
  }

  function showError(failure: MessageError) {
    error.value = describeError(failure);
    if (failure.code === 'unauthorized') void refreshStatus();
  }

  async function refreshStatus() {
    const result = await deps.send('session.status', {});
    if (result.ok) apply(result.value);
  }

  const twoStep = createTwoStepModel({ run, notice, clock });
  const vault = createVaultModel({
    run,
    send: deps.send,
    error,
    notice,
    copyText: deps.copyText ?? ((text) => navigator.clipboard.writeText(text)),
    onSignedOut: () => void refreshStatus(),
  });

  const sync = createSyncModel({
    send: deps.send,
    active: () => screen.value === 'vault' && vault.status.value?.state === 'unlocked',
    onChanged: () => void vault.items.reload(),
    onStopped: () => void vault.refresh(),
  });
  const devices = createDevicesModel({ run, status, notice, apply, refresh: refreshAccount });

  /** The account and its devices from the hub, quietly; a failure leaves what was shown. */
  async function refreshAccount() {
    const fresh = await deps.send('account.refresh', {});
    if (fresh.ok) apply(fresh.value);
  }

  clock.watch(() => {
    const attemptNow = pending.value;
    if (screen.value === 'securityCheck') return [attemptNow?.retryAt, attemptNow?.captcha?.expiresAt];
    if (screen.value === 'secondFactor') return [attemptNow?.retryAt, attemptNow?.secondFactor?.smsResendAt];
    if (screen.value === 'twoStep') return [twoStep.sendAgainAt.value];
    if (screen.value === 'signIn') return [formRetryAt.value];
    return [];
  });

  return {
    screen,
    status,
    settings,
    busy,
    error,
    notice,
    pending,
    draft,
    twoStep,
    vault,
    sync,
    devices,
    /** Seconds until the background lets the next attempt through (0: now). */
    retryIn,
    /** "Too many attempts, try again in 4 seconds" while attempts are held back, else null. */
    waitMessage: computed(() => (retryIn.value > 0 ? t('error_rate_limited', formatWait(retryIn.value)) : null)),
    /** "You can ask for a new code in 30 seconds" until another sign-in SMS may be asked for. */
    smsResendMessage: computed(() => (smsResendIn.value > 0 ? t('secondFactor_resendIn', formatWait(smsResendIn.value)) : null)),
    pictureExpired: computed(() => {
      const expiresAt = pending.value?.captcha?.expiresAt;
      return expiresAt !== undefined && clock.now.value >= expiresAt;
    }),

    async start() {
      const [current, currentSettings] = await Promise.all([deps.send('session.status', {}), deps.send('settings.get', {})]);
      if (currentSettings.ok) settings.value = currentSettings.value;
      if (!current.ok) {
        show('signIn');
        showError(current.error);
        return;
      }
      // A pending attempt shows its step at once: the same step as before the popup was closed.
      apply(current.value);
      // Show what the background knew at once, then bring it up to date from the hub.
      if (current.value.state === 'signed_in') {
        const fresh = await deps.send('account.refresh', {});
        if (fresh.ok) apply(fresh.value);
        else showError(fresh.error);
      }
    },

    async signIn(email: string, password: string) {
      await attempt('session.signIn', { email, password });
    },

    async createAccount(fields: CreateAccountFields) {
      await attempt('account.create', {
        email: fields.email,
        password: fields.password,
        region: fields.region,
        marketingConsent: fields.marketingConsent,
      });
    },

    async continueAttempt(input: AttemptInput) {
      const payload: RequestOf<'attempt.continue'> = {};
      if (input.password) payload.password = input.password;
      if (input.captchaAnswer !== undefined) payload.captchaAnswer = input.captchaAnswer;
      if (input.secondFactor) payload.secondFactor = input.secondFactor;
      await attempt('attempt.continue', payload);
    },

    async newPicture() {
      await attempt('attempt.newPicture', {});
    },

    /** "Send a new code"; `password` when the background lost it — handed over first (nothing sent to the hub). */
    async resendSms(password?: string) {
      if (password && !(await attempt('attempt.continue', { password }))) return;
      await attempt('attempt.resendSms', {});
    },

    async cancelAttempt() {
      const next = await run('attempt.cancel', {});
      if (next) apply(next);
    },

    /**
     * Sign Out. The background refuses while changes have not reached the hub (signing out wipes
     * this browser's vault); then `unsyncedOnSignOut` holds how many, and the account screen asks
     * whether to sign out anyway (`discardUnsynced`).
     */
    async signOut(discardUnsynced = false) {
      const next = await run('session.signOut', discardUnsynced ? { discardUnsynced: true } : {}, (failure) => {
        if (failure.code === 'unsynced_changes') unsyncedOnSignOut.value = failure.pending ?? 1;
      });
      if (next) {
        unsyncedOnSignOut.value = null;
        status.value = next;
        draft.value = null;
        vault.reset();
        show('signIn');
      }
    },

    async resendActivation() {
      if (await run('account.resendActivation', {})) notice.value = t('account_activationSent');
    },

    showCreateAccount: () => show('createAccount'),
    showSignIn: () => show('signIn'),

    openTwoStep() {
      twoStep.reset();
      show('twoStep');
      void twoStep.load();
    },
    closeTwoStep() {
      twoStep.reset();
      show('account');
    },

    openAccount: () => {
      unsyncedOnSignOut.value = null;
      show('account');
    },
    unsyncedOnSignOut,
    keepSignedIn: () => {
      unsyncedOnSignOut.value = null;
      error.value = null;
    },
    openDevices() {
      show('devices');
      void refreshAccount();
    },
    closeDevices: () => show('account'),
    /** Back from the account to the vault, read afresh (it may have locked meanwhile). */
    closeAccount() {
      show('vault');
      void vault.refresh();
    },

    openSettings() {
      screenBeforeSettings = screen.value === 'settings' ? screenBeforeSettings : screen.value;
      show('settings');
    },
    closeSettings: () => show(screenBeforeSettings),

    saveServerAddress: createSaveServerAddress({ requestHostPermission: deps.requestHostPermission, run, settings, error, notice }),

    /** Stops the countdown timer (tests; the popup itself just closes). */
    dispose() {
      clock.dispose();
      sync.dispose();
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
