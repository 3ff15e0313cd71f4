/**
 * The unlocked vault: header actions, instant search, filters (all / favourites / trash) and the list,
 * with "Fill" on the current site's items (and the http-downgrade question when the background asks it).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { VaultList } from '../lib/messaging/messages.ts';
import { type MessageKey, t } from '../lib/i18n/t.ts';
import type { ItemPreview } from '../lib/protocol/vault-item.ts';
import { AutofillConfirmHttp } from './autofill-confirm-http.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import { ErrorAlert, StatusNote } from './error-alert.tsx';
import { ItemList, itemTitle } from './item-list.tsx';

export type VaultFilter = 'all' | 'favourites' | 'trash';
const FILTERS: readonly [VaultFilter, MessageKey][] = [
  ['all', 'filter_all'],
  ['favourites', 'filter_favourites'],
  ['trash', 'filter_trash'],
];

export interface VaultScreenProps {
  list: VaultList | null;
  results: readonly string[];
  byId: ReadonlyMap<string, ItemPreview>;
  filter: VaultFilter;
  query: string;
  shown: number;
  busy: boolean;
  error: string | null;
  notice: string | null;
  onQuery: (query: string) => void;
  onFilter: (filter: VaultFilter) => void;
  onShowMore: () => void;
  onOpen: (id: string) => void;
  onAdd: () => void;
  onLock: () => void;
  onAccount: () => void;
  onSettings: () => void;
  onEmptyTrash: () => void;
  /** The sync line (components/sync-status.tsx), shown under the heading. */
  sync?: ComponentChildren;
  /** "Fill" on an item of the current site. */
  onFill?: (id: string) => void;
  /** The item whose fill waits for "Fill anyway" (an https login on an http page). */
  fillConfirm?: string | null;
  onConfirmFill?: () => void;
  onCancelFill?: () => void;
}

function emptyText(props: VaultScreenProps): MessageKey {
  if (props.query.trim()) return 'vault_noMatch';
  if (props.filter === 'trash') return 'vault_trashEmpty';
  if (props.filter === 'favourites') return 'vault_noFavourites';
  return 'vault_empty';
}

export function VaultScreen(props: VaultScreenProps) {
  const listArea = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);
  const siteIds = new Set(props.list?.siteItemIds ?? []);
  return (
    <section class="screen vault" aria-labelledby="vault-heading">
      <header class="vault-header">
        <h1 id="vault-heading">{t('vault_heading')}</h1>
        <button type="button" class="primary" onClick={props.onAdd}>
          {t('button_addItem')}
        </button>
        <button type="button" onClick={props.onLock} disabled={props.busy}>
          {t('button_lock')}
        </button>
        {props.sync}
      </header>
      <input
        type="search"
        class="search"
        aria-label={t('vault_search')}
        placeholder={t('vault_search')}
        value={props.query}
        ref={search}
        onInput={(event) => props.onQuery(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            listArea.current?.querySelector<HTMLButtonElement>('button.item-row')?.focus();
          }
        }}
      />
      <div class="filters" role="group" aria-label={t('vault_filters')}>
        {FILTERS.map(([filter, key]) => (
          <button key={filter} type="button" aria-pressed={props.filter === filter} onClick={() => props.onFilter(filter)}>
            {t(key)}
          </button>
        ))}
      </div>
      <StatusNote message={props.notice} />
      <ErrorAlert message={props.error} />
      {props.fillConfirm && props.onConfirmFill && props.onCancelFill ? (
        <AutofillConfirmHttp
          title={itemTitle(props.byId.get(props.fillConfirm) ?? { title: '' })}
          onConfirm={props.onConfirmFill}
          onCancel={props.onCancelFill}
        />
      ) : null}
      <div ref={listArea}>
        {props.list === null ? (
          <p class="loading">{t('loading')}</p>
        ) : props.results.length ? (
          <ItemList
            ids={props.results}
            byId={props.byId}
            siteIds={siteIds}
            shown={props.shown}
            onOpen={props.onOpen}
            onShowMore={props.onShowMore}
            onFill={props.onFill}
          />
        ) : (
          <p class="empty">{t(emptyText(props))}</p>
        )}
      </div>
      {props.filter === 'trash' ? (
        <div class="trash-actions">
          <p class="hint">{t('vault_trashNote')}</p>
          {props.results.length && !props.query.trim() ? (
            <ConfirmButton label={t('button_emptyTrash')} question={t('vault_emptyTrashConfirm')} busy={props.busy} onConfirm={props.onEmptyTrash} />
          ) : null}
        </div>
      ) : null}
      <footer class="actions">
        <button type="button" class="link" onClick={props.onAccount}>
          {t('button_account')}
        </button>
        <button type="button" onClick={props.onSettings}>
          {t('button_vaultSettings')}
        </button>
      </footer>
    </section>
  );
}
