/** The login part of the editor: username, password (show, generate), websites, authenticator secret. */
import { useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { ItemDraft } from './item-draft.ts';
import { lazy } from './lazy.tsx';
import { TextField } from './text-field.tsx';
import { WebsiteFields } from './website-fields.tsx';

const GeneratorPanel = lazy(() => import('./generator-panel.tsx').then((module) => module.GeneratorPanel));

export function LoginEditorFields(props: { draft: ItemDraft; siteHost: string | null; onChange: (change: Partial<ItemDraft>) => void }) {
  const { draft, onChange } = props;
  const [shown, setShown] = useState(false);
  const [generating, setGenerating] = useState(false);
  const generate = useRef<HTMLButtonElement>(null);
  const closeGenerator = () => {
    setGenerating(false);
    generate.current?.focus();
  };
  return (
    <>
      <TextField label={t('field_username')} autocomplete="off" value={draft.username} onInput={(username) => onChange({ username })} />
      <div class="password-field">
        <TextField label={t('field_password')} type={shown ? 'text' : 'password'} autocomplete="new-password" value={draft.password} onInput={(password) => onChange({ password })} />
        <div class="row-buttons">
          <button type="button" class="small" onClick={() => setShown(!shown)}>
            {shown ? t('button_hidePassword') : t('field_showPassword')}
          </button>
          <button ref={generate} type="button" class="small" aria-expanded={generating} onClick={() => (generating ? closeGenerator() : setGenerating(true))}>
            {t('button_generatePassword')}
          </button>
        </div>
      </div>
      {generating ? (
        <div
          class="generator-panel"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              closeGenerator();
            }
            // Enter in the generator's own inputs must not save the item.
            if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
          }}
        >
          <GeneratorPanel
            siteHost={props.siteHost}
            onUse={(password) => {
              onChange({ password });
              closeGenerator();
            }}
            onClose={closeGenerator}
          />
        </div>
      ) : null}
      <WebsiteFields websites={draft.websites} onChange={(websites) => onChange({ websites })} />
      <TextField
        label={t('field_totpSecret')}
        autocomplete="off"
        value={draft.totp}
        onInput={(totp) => onChange({ totp })}
        hint={t('editor_totpHint')}
      />
    </>
  );
}
