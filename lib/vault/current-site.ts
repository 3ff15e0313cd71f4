/**
 * Background-only. The site of the tab the popup was opened on, and the items for it. The host
 * comes from the browser (`tabs.query`; visible thanks to activeTab once the user opened the popup
 * on that tab), never from a page. Matching is by registrable domain from the Public Suffix List
 * including private suffixes, so `a.github.io` and `b.github.io` are different sites.
 */
import { getDomain } from 'tldts';
import { browser } from 'wxt/browser';
import type { ListingEntry } from './preview.ts';

/** The active tab's host, when it is an http(s) page the extension may see. */
export async function activeTabHost(): Promise<string | null> {
  try {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.url ? httpHost(tab.url) : null;
  } catch {
    return null;
  }
}

export function httpHost(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() || null : null;
  } catch {
    return null;
  }
}

/** Registrable domain ("site"); hosts without one (IP addresses, localhost) stand for themselves. */
export function siteOf(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** Ids of the items (not in the trash, readable) with a website that matches `host`. */
export function itemsForHost(host: string, entries: Iterable<ListingEntry>): string[] {
  const site = siteOf(host);
  const ids: string[] = [];
  for (const { preview, sites } of entries) {
    if (preview.trashedAt !== null || preview.problem) continue;
    // 'host' and 'startsWith' need the same host; the popup's suggestion does not look at paths.
    const matches = sites.some((candidate) => (candidate.match === 'site' ? siteOf(candidate.host) === site : candidate.host === host));
    if (matches) ids.push(preview.id);
  }
  return ids;
}
