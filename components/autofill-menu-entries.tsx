/**
 * The menu's logins: one button per item (named by title and username), and under the one the
 * background refused as an http downgrade, the warning with "Fill anyway".
 */
import type { MenuEntry } from '../lib/autofill/protocol.ts';
import { t } from '../lib/i18n/t.ts';
import { AutofillConfirmHttp } from './autofill-confirm-http.tsx';

export interface AutofillMenuEntriesProps {
  host: string;
  entries: readonly MenuEntry[];
  busy: boolean;
  confirming: string | null;
  onFill: (itemId: string, confirmed?: boolean) => void;
  onCancel: () => void;
}

export function AutofillMenuEntries(props: AutofillMenuEntriesProps) {
  const untitled = t('item_untitled');
  return (
    <ul class="menu-entries" aria-label={t('menu_listLabel', props.host)}>
      {props.entries.map((entry) => {
        const title = entry.title.trim() || untitled;
        const noteId = `entry-note-${entry.id}`;
        const note = [entry.sharedFrom ? t('menu_sharedFrom', entry.sharedFrom) : '', entry.needsConfirmation ? t('menu_notSecure') : ''].filter(Boolean).join(' · ');
        return (
          <li key={entry.id}>
            <button
              type="button"
              class="menu-entry"
              data-entry-id={entry.id}
              aria-label={entry.username ? `${title}, ${entry.username}` : title}
              aria-describedby={note ? noteId : undefined}
              disabled={props.busy}
              onClick={() => props.onFill(entry.id)}
            >
              <span class="entry-title">{title}</span>
              {entry.username ? <span class="entry-user">{entry.username}</span> : null}
              {note ? (
                <span id={noteId} class="entry-note">
                  {note}
                </span>
              ) : null}
            </button>
            {props.confirming === entry.id ? (
              <AutofillConfirmHttp class="menu-confirm" title={title} onConfirm={() => props.onFill(entry.id, true)} onCancel={props.onCancel} />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
