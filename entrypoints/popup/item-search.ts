/**
 * Instant search over the vault's previews (pure; no secrets are searched — previews have none).
 * The index is built once per list: one folded string per item ("title\nusername\nhost…"), so a
 * keystroke is one `includes` per word per item (10,000 items stay well under 10 ms).
 *
 * Order: the items for the current tab's site first, then the rest in the list's order (by title).
 * Favourites are not pinned: they have their own filter.
 */
import type { VaultList } from '../../lib/messaging/messages.ts';
import type { ItemPreview } from '../../lib/protocol/vault-item.ts';

export type ItemFilter = 'all' | 'favourites' | 'trash';

export interface SearchIndex {
  items: ItemPreview[];
  /** Folded searchable text, one per item, same order as `items`. */
  text: string[];
  /** Positions of the current site's items, in the list's order. */
  sitePositions: number[];
  isSite: Uint8Array;
}

/** Lower-case and without accents ("Café" and "cafe" match each other). */
export function fold(text: string): string {
  // Plain ASCII (most titles, usernames and hosts) has no accents to strip: skip the slow path.
  if (!/[^\n\x20-\x7e]/.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function buildIndex(list: VaultList): SearchIndex {
  const { items } = list;
  const siteIds = new Set(list.siteItemIds);
  const isSite = new Uint8Array(items.length);
  const sitePositions: number[] = [];
  const text = items.map((item, position) => {
    if (siteIds.has(item.id)) {
      isSite[position] = 1;
      sitePositions.push(position);
    }
    return fold([item.title, item.username, ...item.hosts].join('\n'));
  });
  return { items, text, sitePositions, isSite };
}

function inFilter(item: ItemPreview, filter: ItemFilter): boolean {
  if (filter === 'trash') return item.trashedAt !== null;
  if (item.trashedAt !== null) return false;
  return filter === 'all' || item.favourite;
}

/** The ids of the items in `filter` whose title, username or a website contains every word of `query`. */
export function search(index: SearchIndex, query: string, filter: ItemFilter): string[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const matches = (position: number) => {
    const text = index.text[position]!;
    return inFilter(index.items[position]!, filter) && words.every((word) => text.includes(word));
  };
  const ids: string[] = [];
  // The trash has no "current site": it lists what was deleted, by title.
  if (filter !== 'trash') for (const position of index.sitePositions) if (matches(position)) ids.push(index.items[position]!.id);
  for (let position = 0; position < index.items.length; position++) {
    if ((filter === 'trash' || !index.isSite[position]) && matches(position)) ids.push(index.items[position]!.id);
  }
  return ids;
}
