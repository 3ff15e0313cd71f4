/**
 * Background-only. What the list shows of an item (ItemPreview): never a password, a note or a
 * field value. Also the item's sites for "items for this tab", kept inside the encrypted listing.
 */
import type { ItemPreview, MatchMode, VaultItem } from '../protocol/vault-item.ts';
import type { StoredItem } from '../state/local-database.ts';

/**
 * A website that may be suggested or filled (match mode 'never' is left out): the address as the user
 * saved it, so autofill can tell http from https and compare 'startsWith' paths (site-match.ts).
 */
export interface ListedSite {
  url: string;
  match: Exclude<MatchMode, 'never'>;
}

/** A listing entry: the preview plus the item's sites (background-only; stripped before the popup sees it). */
export interface ListingEntry {
  preview: ItemPreview;
  sites: ListedSite[];
}

/** Host of a website as the user typed it: "github.com/login" counts as https. Only http(s). */
export function hostOf(address: string): string | null {
  const trimmed = address.trim();
  if (!trimmed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[^:/]+:\d+(?:[/?#]|$)/.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

export function entryOf(item: VaultItem): ListingEntry {
  const websites = item.content.login?.websites ?? [];
  const hosts: string[] = [];
  const sites: ListedSite[] = [];
  for (const website of websites) {
    const host = hostOf(website.url);
    if (!host) continue;
    if (!hosts.includes(host)) hosts.push(host);
    if (website.match !== 'never') sites.push({ url: website.url.trim(), match: website.match });
  }
  return {
    preview: {
      id: item.id,
      kind: item.content.kind,
      title: item.content.title,
      username: item.content.login?.username ?? '',
      hosts,
      favourite: item.favourite,
      hasTotp: (item.content.login?.totp.trim() ?? '') !== '',
      updatedAt: item.updatedAt,
      trashedAt: item.trashedAt,
      problem: null,
    },
    sites,
  };
}

/** An item whose blob does not decrypt: listed (so the user sees it) with nothing but its id. */
export function undecryptableEntry(record: StoredItem): ListingEntry {
  return {
    preview: {
      id: record.id,
      kind: 'login',
      title: '',
      username: '',
      hosts: [],
      favourite: false,
      hasTotp: false,
      updatedAt: record.updatedAt,
      trashedAt: null,
      problem: 'undecryptable',
    },
    sites: [],
  };
}
