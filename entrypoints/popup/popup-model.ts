/**
 * The popup's state as signals, and the actions its screens call. The background is the source of
 * truth: every action sends a message and mirrors the answer; nothing here holds a token.
 */
import { signal } from '@preact/signals';
import type { CreateAccountFields } from '../../components/create-account-form.ts';
import { describeError, t } from '../../lib/i18n/t.ts';
import type { MessageError, MessageResult, MessageType, RequestOf, SessionStatus, Settings } from '../../lib/messaging/messages.ts';
import { checkServerAddress, originPattern } from '../../lib/protocol/server-address.ts';

export type Screen = 'loading' | 'signIn' | 'createAccount' | 'account' | 'settings';

export interface PopupDeps {
  send: <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<MessageResult<T>>;
  /** Must be called synchronously from a click (Firefox drops the prompt otherwise). */
  requestHostPermission: (pattern: string) => Promise<boolean>;
}

export function createPopupModel(deps: PopupDeps) {
  const screen = signal<Screen>('loading');
  const status = signal<SessionStatus | null>(null);
  const settings = signal<Settings | null>(null);
  const busy = signal(false);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  let screenBeforeSettings: Screen = 'signIn';

  function show(next: Screen) {
    screen.value = next;
    error.value = null;
    notice.value = null;
  }

  function apply(next: SessionStatus) {
    const wasSignedIn = status.value?.state === 'signed_in';
    status.value = next;
    if (next.state === 'signed_in' && (screen.value === 'loading' || screen.value === 'signIn' || screen.value === 'createAccount')) {
      show('account');
    } else if (next.state === 'signed_out' && (screen.value === 'loading' || screen.value === 'account')) {
      show('signIn');
      if (wasSignedIn) error.value = t('error_unauthorized');
    }
  }

  /** Runs one background call with the busy flag; returns the value, or null after showing the error. */
  async function run<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<MessageResult<T> extends infer R ? (R extends { ok: true; value: infer V } ? V : never) | null : never> {
    busy.value = true;
    error.value = null;
    notice.value = null;
    try {
      const result = await deps.send(type, payload);
      if (result.ok) return result.value as never;
      showError(result.error);
      return null as never;
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

  return {
    screen,
    status,
    settings,
    busy,
    error,
    notice,

    async start() {
      const [current, currentSettings] = await Promise.all([deps.send('session.status', {}), deps.send('settings.get', {})]);
      if (currentSettings.ok) settings.value = currentSettings.value;
      if (!current.ok) {
        show('signIn');
        showError(current.error);
        return;
      }
      apply(current.value);
      // Show what the background knew at once, then bring it up to date from the hub.
      if (current.value.state === 'signed_in') {
        const fresh = await deps.send('account.refresh', {});
        if (fresh.ok) apply(fresh.value);
        else showError(fresh.error);
      }
    },

    async signIn(email: string, password: string) {
      const next = await run('session.signIn', { email, password });
      if (next) apply(next);
    },

    async createAccount(fields: CreateAccountFields) {
      const next = await run('account.create', {
        email: fields.email,
        password: fields.password,
        region: fields.region,
        marketingConsent: fields.marketingConsent,
      });
      if (next) apply(next);
    },

    async signOut() {
      const next = await run('session.signOut', {});
      if (next) {
        status.value = next;
        show('signIn');
      }
    },

    async resendActivation() {
      if (await run('account.resendActivation', {})) notice.value = t('account_activationSent');
    },

    showCreateAccount: () => show('createAccount'),
    showSignIn: () => show('signIn'),

    openSettings() {
      screenBeforeSettings = screen.value === 'settings' ? screenBeforeSettings : screen.value;
      show('settings');
    },
    closeSettings: () => show(screenBeforeSettings),

    saveServerAddress(address: string) {
      const check = checkServerAddress(address);
      if (!check.ok) {
        error.value = describeError({ code: 'invalid_server_address' });
        notice.value = null;
        return;
      }
      // Asked first and synchronously: the permission prompt needs the user's click.
      const permission = deps.requestHostPermission(originPattern(check.origin));
      void (async () => {
        if (!(await permission.catch(() => false))) {
          error.value = describeError({ code: 'server_permission_denied' });
          return;
        }
        const saved = await run('settings.setServerAddress', { address: check.address });
        if (saved) {
          settings.value = saved;
          notice.value = t('settings_saved');
        }
      })();
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
