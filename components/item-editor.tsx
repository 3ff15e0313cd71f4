/**
 * "New item" / "Edit item": a login (username, password, websites, authenticator secret) or a secure
 * note, with notes and custom fields. The generator opens from the password field and fills it.
 * Loaded lazily; Escape cancels (or closes the generator first).
 */
import { useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { ItemContent, ItemKind, VaultItem } from '../lib/protocol/vault-item.ts';
import { CustomFields } from './custom-fields.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { draftHost, draftProblem, type ItemDraft, toContent, toDraft } from './item-draft.ts';
import { LoginEditorFields } from './login-editor-fields.tsx';
import { TextField } from './text-field.tsx';
import { useFocusHeading } from './use-focus-heading.ts';

export interface ItemEditorProps {
  /** The item being edited; null for "New item". */
  item: VaultItem | null;
  /** The current tab's host, for the generator when the item has no website yet. */
  siteHost: string | null;
  busy: boolean;
  error: string | null;
  onSave: (content: ItemContent) => void;
  onCancel: () => void;
}

export function ItemEditor(props: ItemEditorProps) {
  const [draft, setDraft] = useState<ItemDraft>(() => toDraft(props.item));
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useFocusHeading();
  const title = useRef<HTMLDivElement>(null);
  const set = (change: Partial<ItemDraft>) => setDraft((old) => ({ ...old, ...change }));
  return (
    <section
      class="screen item-editor"
      aria-labelledby="editor-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <h1 id="editor-heading" ref={heading} tabIndex={-1}>
        {props.item ? t('editor_editHeading') : t('editor_newHeading')}
      </h1>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (props.busy) return;
          const found = draftProblem(draft);
          setProblem(found ? t('editor_titleRequired') : null);
          if (found) title.current?.querySelector('input')?.focus();
          else props.onSave(toContent(draft));
        }}
      >
        <div class="field">
          <label for="item-kind">{t('field_itemType')}</label>
          <select id="item-kind" value={draft.kind} onChange={(event) => set({ kind: event.currentTarget.value as ItemKind })}>
            <option value="login">{t('itemType_login')}</option>
            <option value="note">{t('itemType_note')}</option>
          </select>
        </div>
        <div ref={title}>
          <TextField label={t('field_title')} value={draft.title} onInput={(value) => set({ title: value })} spellcheck required />
        </div>
        {draft.kind === 'login' ? <LoginEditorFields draft={draft} siteHost={draftHost(draft) ?? props.siteHost} onChange={set} /> : null}
        <div class="field">
          <label for="item-notes">{t('field_notes')}</label>
          <textarea id="item-notes" rows={draft.kind === 'note' ? 8 : 3} value={draft.notes} onInput={(event) => set({ notes: event.currentTarget.value })} />
        </div>
        <CustomFields fields={draft.fields} onChange={(fields) => set({ fields })} />
        <ErrorAlert message={problem ?? props.error} />
        <div class="actions">
          <button type="button" onClick={props.onCancel}>
            {t('button_cancel')}
          </button>
          <button type="submit" class="primary" disabled={props.busy} aria-busy={props.busy}>
            {t('button_save')}
          </button>
        </div>
      </form>
    </section>
  );
}
