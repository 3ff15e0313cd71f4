/**
 * One item, decrypted by the background for this view only: copy username / password / code, show the
 * password, its history, favourite, trash. In the trash: "Restore" and "Delete forever" instead.
 * Escape goes back to the list.
 */
import type { TotpCode as Code } from '../lib/messaging/messages.ts';
import { t, uiLanguage } from '../lib/i18n/t.ts';
import type { VaultItem } from '../lib/protocol/vault-item.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { ErrorAlert, StatusNote } from './error-alert.tsx';
import { isConflictCopy } from './conflict-copy.ts';
import { itemTitle } from './item-list.tsx';
import { PasswordHistory } from './password-history.tsx';
import { formatDate, passwordLabels, SecretValue } from './secret-value.tsx';
import { TotpCode } from './totp-code.tsx';
import { ItemScreen } from './item-screen.tsx';

export type CopyWhat = 'username' | 'password' | 'code' | 'value';

export interface ItemViewProps {
  item: VaultItem;
  busy: boolean;
  error: string | null;
  notice: string | null;
  onBack: () => void;
  onEdit: () => void;
  onCopy: (text: string, what: CopyWhat) => void;
  onFavourite: (favourite: boolean) => void;
  onTrash: () => void;
  onRestore: () => void;
  onDeleteForever: () => void;
  loadCode: () => Promise<Code | null>;
}

export function ItemView(props: ItemViewProps) {
  const { item } = props;
  const { login } = item.content;
  const trashed = item.trashedAt !== null;
  return (
    <ItemScreen itemKey={item.id} heading={itemTitle(item.content)} onBack={props.onBack}>
      {trashed ? <p class="hint">{t('item_trashed', formatDate(item.trashedAt!, uiLanguage()))}</p> : null}
      {!trashed && isConflictCopy(item.content.title) ? (
        <p class="notice conflict-hint">
          <span class="badge warn">{t('item_conflictCopy')}</span> {t('item_conflictHint')}
        </p>
      ) : null}
      <dl class="item-fields">
        {login ? (
          <>
            <div class="item-field">
              <dt>{t('field_username')}</dt>
              <dd>
                <span class="value">{login.username}</span>{' '}
                <button type="button" class="small" onClick={() => props.onCopy(login.username, 'username')} disabled={!login.username}>
                  {t('button_copyUsername')}
                </button>
              </dd>
            </div>
            <div class="item-field">
              <dt>{t('field_password')}</dt>
              <dd>
                <SecretValue value={login.password} labels={passwordLabels()} onCopy={(value) => props.onCopy(value, 'password')} />
              </dd>
            </div>
            {login.totp.trim() ? <TotpCode loadCode={props.loadCode} onCopy={(code) => props.onCopy(code, 'code')} /> : null}
            {login.websites.length ? (
              <div class="item-field">
                <dt>{t('item_websites')}</dt>
                {login.websites.map((website, position) => (
                  <dd key={position} class="value">
                    {website.url}
                  </dd>
                ))}
              </div>
            ) : null}
          </>
        ) : null}
        {item.content.fields.map((field, position) => (
          <div class="item-field" key={position}>
            <dt>{field.name}</dt>
            <dd>
              {field.hidden ? (
                <SecretValue
                  value={field.value}
                  labels={{ show: t('button_showValue', field.name), hide: t('button_hideValue', field.name), copy: t('button_copyValue', field.name) }}
                  onCopy={(value) => props.onCopy(value, 'value')}
                />
              ) : (
                <span class="value">{field.value}</span>
              )}
            </dd>
          </div>
        ))}
        {item.content.notes ? (
          <div class="item-field">
            <dt>{t('field_notes')}</dt>
            <dd class="notes">{item.content.notes}</dd>
          </div>
        ) : null}
      </dl>
      {login ? <PasswordHistory entries={item.passwordHistory} onCopy={(value) => props.onCopy(value, 'password')} /> : null}
      <StatusNote message={props.notice} />
      <ErrorAlert message={props.error} />
      <div class="actions item-actions">
        {trashed ? (
          <>
            <ConfirmButton label={t('button_deleteForever')} question={t('item_deleteForeverConfirm')} busy={props.busy} onConfirm={props.onDeleteForever} />
            <button type="button" class="primary" onClick={props.onRestore} disabled={props.busy}>
              {t('button_restore')}
            </button>
          </>
        ) : (
          <>
            <button type="button" class="danger" onClick={props.onTrash} disabled={props.busy}>
              {t('button_moveToTrash')}
            </button>
            <button type="button" onClick={() => props.onFavourite(!item.favourite)} disabled={props.busy}>
              {item.favourite ? t('button_removeFavourite') : t('button_addFavourite')}
            </button>
            <button type="button" class="primary" onClick={props.onEdit}>
              {t('button_edit')}
            </button>
          </>
        )}
      </div>
    </ItemScreen>
  );
}
