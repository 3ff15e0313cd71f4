/**
 * The in-page menu (entrypoints/autofill-menu): an extension page in a 320×240 iframe under the
 * focused sign-in field, so the page can neither read nor restyle it. Header with the Tessera mark
 * and the frame's host; then the logins for that host, "Use a generated password" on a new-password
 * field, or what to do when locked. Escape closes it; arrow keys move between its choices.
 */
import type { TargetedKeyboardEvent } from 'preact';
import type { MenuState } from '../lib/autofill/protocol.ts';
import { t } from '../lib/i18n/t.ts';
import { type AutofillMenuDeps, type AutofillMenuModel, useAutofillMenu } from './autofill-menu-model.ts';
import { AutofillMenuEntries } from './autofill-menu-entries.tsx';
import { TesseraMark } from './autofill-page.tsx';
import { ErrorAlert } from './error-alert.tsx';

const CHOICES = 'button[data-entry-id], button[data-action="generate"]';

function onKeyDown(event: TargetedKeyboardEvent<HTMLDivElement>, menu: AutofillMenuModel) {
  if (event.key === 'Escape') {
    event.preventDefault();
    menu.close();
    return;
  }
  const choices = [...event.currentTarget.querySelectorAll<HTMLButtonElement>(CHOICES)];
  const at = choices.indexOf(document.activeElement as HTMLButtonElement);
  const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at < 0 ? choices.length - 1 : at - 1, Home: 0, End: choices.length - 1 };
  const next = moves[event.key];
  if (next === undefined || !choices.length) return;
  event.preventDefault();
  choices[Math.max(0, Math.min(choices.length - 1, next))]?.focus();
}

function Locked({ state, menu }: { state: MenuState; menu: AutofillMenuModel }) {
  const locked = state.vault === 'locked';
  return (
    <div class="menu-locked">
      <p class="menu-message">{t(locked ? 'menu_locked' : 'menu_signedOut')}</p>
      <button type="button" class="primary" data-action="unlock" onClick={() => void menu.unlock()}>
        {t(locked ? 'button_unlock' : 'button_openTessera')}
      </button>
      {menu.showToolbarHint ? <p class="hint">{t('menu_toolbarHint')}</p> : null}
    </div>
  );
}

function Body({ menu }: { menu: AutofillMenuModel }) {
  const { state } = menu;
  if (menu.expired) return <p class="menu-message" role="status">{t('menu_expired')}</p>;
  if (!state) return menu.error ? null : <p class="hint">{t('loading')}</p>;
  if (state.vault !== 'unlocked') return <Locked state={state} menu={menu} />;
  const generate = state.field === 'newPassword';
  return (
    <>
      {generate ? (
        <button type="button" class="menu-generate" data-action="generate" disabled={menu.busy} onClick={() => void menu.generate()}>
          {t('menu_generate')}
        </button>
      ) : null}
      {state.entries.length ? (
        <AutofillMenuEntries host={state.host} entries={state.entries} busy={menu.busy} confirming={menu.confirming} onFill={menu.fill} onCancel={menu.cancelConfirm} />
      ) : generate ? null : (
        <p class="menu-message">{t('menu_empty', state.host)}</p>
      )}
    </>
  );
}

export function AutofillMenu(props: AutofillMenuDeps) {
  const menu = useAutofillMenu(props);
  const host = menu.state?.host ?? '';
  return (
    <div class="menu" onKeyDown={(event) => onKeyDown(event, menu)}>
      <header class="menu-header">
        <TesseraMark />
        <span class="menu-brand">{t('extName')}</span>
        <span class="menu-host" title={host}>
          {host}
        </span>
        <button type="button" class="menu-close" data-action="close" aria-label={t('button_close')} onClick={menu.close}>
          ×
        </button>
      </header>
      <div class="menu-body">
        <Body menu={menu} />
        <ErrorAlert message={menu.expired ? null : menu.error} />
      </div>
    </div>
  );
}
