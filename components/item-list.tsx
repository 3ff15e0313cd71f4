/**
 * The vault's rows: one button per item, named by its title (aria-label; username and marks are its
 * description, not its name).
 * Items for the current site get a "Fill" button beside their row (the background fills the active tab).
 * Only a window of rows is rendered ("Show more" adds more), so 10,000 items stay quick. Arrow keys,
 * Home and End move between rows; Tab leaves the list.
 */
import type { TargetedKeyboardEvent } from 'preact';
import { t } from '../lib/i18n/t.ts';
import type { ItemPreview } from '../lib/protocol/vault-item.ts';
import { isConflictCopy } from './conflict-copy.ts';

export interface ItemListProps {
  ids: readonly string[];
  byId: ReadonlyMap<string, ItemPreview>;
  siteIds: ReadonlySet<string>;
  shown: number;
  onOpen: (id: string) => void;
  onShowMore: () => void;
  /** "Fill" for an item of the current site; no Fill buttons without it. */
  onFill?: (id: string) => void;
}

export const itemTitle = (item: Pick<ItemPreview, 'title'>) => item.title.trim() || t('item_untitled');

function moveFocus(event: TargetedKeyboardEvent<HTMLUListElement>) {
  const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.item-row')];
  const at = rows.indexOf(document.activeElement as HTMLButtonElement);
  const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 };
  const next = moves[event.key];
  if (next === undefined || !rows.length) return;
  event.preventDefault();
  rows[Math.max(0, Math.min(rows.length - 1, next))]?.focus();
}

export function ItemList(props: ItemListProps) {
  const visible = props.ids.slice(0, props.shown);
  // Looked up once per render, not once per row: a keystroke re-renders the whole window.
  const words = { untitled: t('item_untitled'), undecryptable: t('vault_undecryptable'), forSite: t('vault_forThisSite'), favourite: t('item_favourite'), conflict: t('item_conflictCopy'), fill: t('button_fill') };
  const titleOf = (item: ItemPreview) => item.title.trim() || words.untitled;
  return (
    <>
      <ul class="item-list" aria-label={t('vault_itemsLabel')} onKeyDown={moveFocus}>
        {visible.map((id) => {
          const item = props.byId.get(id);
          if (!item) return null;
          const base = `row-${id}`;
          const site = props.siteIds.has(id);
          const fillable = site && props.onFill && item.kind === 'login' && !item.problem && item.trashedAt === null;
          return (
            <li key={id} class={fillable ? 'item-entry fillable' : 'item-entry'}>
              <button
                type="button"
                class="item-row"
                data-item-id={id}
                aria-label={titleOf(item)}
                aria-describedby={`${base}-detail`}
                onClick={() => props.onOpen(id)}
              >
                <span class="item-title" aria-hidden="true">
                  {titleOf(item)}
                </span>
                <span id={`${base}-detail`} class="item-detail">
                  {item.problem ? <span class="badge warn">{words.undecryptable}</span> : (item.username || item.hosts[0] || '')}
                  {site ? <span class="badge ok"> {words.forSite}</span> : null}
                  {isConflictCopy(item.title) ? <span class="badge warn"> {words.conflict}</span> : null}
                  {item.favourite ? <span class="favourite" title={words.favourite}> ★<span class="visually-hidden">{words.favourite}</span></span> : null}
                </span>
              </button>
              {fillable ? (
                <button type="button" class="small fill" data-action="fill" data-item-id={id} aria-label={t('button_fillItem', titleOf(item))} onClick={() => props.onFill?.(id)}>
                  {words.fill}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {props.ids.length > visible.length ? (
        <div class="list-more">
          <span class="hint">{t('vault_shownOf', [String(visible.length), String(props.ids.length)])}</span>
          <button type="button" onClick={props.onShowMore}>
            {t('button_showMore')}
          </button>
        </div>
      ) : null}
    </>
  );
}
