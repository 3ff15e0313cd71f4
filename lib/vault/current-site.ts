/**
 * Background-only. The site of the tab the popup was opened on, and the items for it. The host
 * comes from the browser (`tabs.query`; visible thanks to activeTab once the user opened the popup
 * on that tab), never from a page. Matching is autofill's (site-match.ts): registrable domain with
 * private suffixes, so `a.github.io` and `b.github.io` are different sites, plus sites that share a
 * sign-in.
 */
import { browser } from 'wxt/browser';
import type { ListingEntry } from './preview.ts';
import { matchingItems } from './site-match.ts';

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
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host.toLowerCase() || null : null;
  } catch {
    return null;
  }
}

/**
 * Ids of the items (not in the trash, readable) with a website that matches `host` (with its port,
 * if any: IP addresses and localhost match per port). The tab is taken as https so that an http tab
 * still lists its https items (filling them asks first); 'startsWith' items need the same host here.
 */
export function itemsForHost(host: string, entries: Iterable<ListingEntry>): string[] {
  return matchingItems(entries, `https://${host}`).map(({ preview }) => preview.id);
}
