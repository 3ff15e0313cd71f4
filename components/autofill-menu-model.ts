/**
 * The in-page menu's state: what the background says about the menu's frame (vault state, matching
 * previews), and the actions on it. The menu holds no password: a choice goes to the background,
 * which fills the frame that opened the menu. An http downgrade is filled only after the person
 * confirms it here (`confirmed: true`), never on the first click.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MenuState } from '../lib/autofill/protocol.ts';
import { describeError } from '../lib/i18n/t.ts';
import type { MessageError } from '../lib/messaging/messages.ts';
import type { PageSend } from './autofill-page.tsx';

/** Runs `run` every `ms` until the returned function is called (tests drive it by hand). */
export type Every = (ms: number, run: () => void) => () => void;

export interface AutofillMenuDeps {
  send: PageSend;
  /** null: the page was opened without a usable token (stale or typed by hand). */
  token: string | null;
  /** Opens the toolbar popup to unlock; false when the browser cannot (the menu then says where to click). */
  openPopup: () => Promise<boolean>;
  every?: Every;
}

const everyInterval: Every = (ms, run) => {
  const timer = setInterval(run, ms);
  return () => clearInterval(timer);
};

/** While locked or signed out the menu asks again this often, so it lists the logins once unlocked. */
export const RECHECK_MS = 1000;

export function useAutofillMenu(deps: AutofillMenuDeps) {
  const { send, token } = deps;
  const [state, setState] = useState<MenuState | null>(null);
  const [expired, setExpired] = useState(token === null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The entry waiting for "Fill anyway" (http downgrade). */
  const [confirming, setConfirming] = useState<string | null>(null);
  const [showToolbarHint, setShowToolbarHint] = useState(false);
  const asking = useRef(false);

  async function load() {
    if (!token || asking.current) return;
    asking.current = true;
    try {
      const result = await send('autofillMenu.state', { token });
      if (result.ok) setState(result.value);
      else fail(result.error);
    } finally {
      asking.current = false;
    }
  }

  function fail(failure: MessageError) {
    if (failure.code === 'autofill_expired') setExpired(true);
    else if (failure.code === 'vault_locked') void load();
    else setError(describeError(failure));
  }

  useEffect(() => void load(), []);

  const waiting = !expired && (state?.vault === 'locked' || state?.vault === 'signed_out');
  useEffect(() => (waiting ? (deps.every ?? everyInterval)(RECHECK_MS, () => void load()) : undefined), [waiting]);

  /** One action at a time: a second click while the first is on its way does nothing. */
  async function act(work: (token: string) => Promise<void>) {
    if (!token || busy) return;
    setBusy(true);
    setError(null);
    try {
      await work(token);
    } finally {
      setBusy(false);
    }
  }

  return {
    state,
    expired,
    error,
    busy,
    confirming,
    showToolbarHint,

    fill: (itemId: string, confirmed = false) =>
      act(async (current) => {
        const result = await send('autofillMenu.fill', { token: current, itemId, confirmed });
        if (result.ok) {
          setConfirming(null);
          // The background closes the menu after a fill; "filled: false" means the fields went away.
          if (!result.value.filled) setError(describeError({ code: 'no_fillable_form' }));
        } else if (result.error.code === 'confirmation_required') {
          setConfirming(itemId);
        } else {
          setConfirming(null);
          fail(result.error);
        }
      }),
    cancelConfirm: () => setConfirming(null),

    generate: () =>
      act(async (current) => {
        const result = await send('autofillMenu.generate', { token: current });
        if (!result.ok) fail(result.error);
        else if (!result.value.filled) setError(describeError({ code: 'no_fillable_form' }));
      }),

    close() {
      if (token) void send('autofillMenu.close', { token });
    },

    async unlock() {
      setShowToolbarHint(!(await deps.openPopup()));
    },
  };
}

export type AutofillMenuModel = ReturnType<typeof useAutofillMenu>;
