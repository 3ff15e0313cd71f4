/**
 * "Password history": the item's previous passwords with the date each was replaced. Opening it is the
 * request to see them, so they show at once; each can be hidden again or copied.
 */
import { useState } from 'preact/hooks';
import { t, uiLanguage } from '../lib/i18n/t.ts';
import type { PasswordHistoryEntry } from '../lib/protocol/vault-item.ts';
import { formatDate, SecretValue } from './secret-value.tsx';

export function PasswordHistory(props: { entries: readonly PasswordHistoryEntry[]; onCopy: (password: string) => void }) {
  const [open, setOpen] = useState(false);
  const language = uiLanguage();
  return (
    <div
      class="password-history"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button type="button" aria-expanded={open} aria-controls="password-history-list" onClick={() => setOpen(!open)}>
        {t('button_passwordHistory')}
      </button>
      {open ? (
        <div id="password-history-list">
          {props.entries.length ? (
            <ol class="history-list">
              {props.entries.map((entry, position) => {
                const date = formatDate(entry.changedAt, language);
                return (
                  <li key={`${entry.changedAt}-${position}`}>
                    <span class="hint">{t('history_changed', date)}</span>
                    <SecretValue
                      value={entry.password}
                      labels={{ show: t('button_showPrevious', date), hide: t('button_hidePrevious', date), copy: t('button_copyPrevious', date) }}
                      onCopy={props.onCopy}
                      initiallyShown
                    />
                  </li>
                );
              })}
            </ol>
          ) : (
            <p class="hint">{t('history_none')}</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
