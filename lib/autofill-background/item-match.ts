/**
 * Background-only. Whether an item may go into a frame, judged on the FRAME's own origin as the
 * browser reported it — a cross-origin iframe gets nothing saved for the page around it, an opaque
 * frame gets nothing at all. Menus and choices work on the listing's previews and sites (nothing
 * decrypted); the decrypted item is checked once more right before its password leaves.
 */
import { MessageFailure } from '../messaging/router.ts';
import type { ItemPreview, VaultItem } from '../protocol/vault-item.ts';
import type { ListingEntry } from '../vault/preview.ts';
import { hostOf as websiteHostOf } from '../vault/preview.ts';
import { registrableDomain } from '../vault/shared-credentials.ts';
import { type EntryMatch, matchItemToFrame, matchingItems, type SiteMatch } from '../vault/site-match.ts';
import type { FrameRef } from './frame-ref.ts';

const NO_MATCH: SiteMatch = { matches: false, needsConfirmation: null, via: null };
const rank = (m: SiteMatch) => (m.needsConfirmation ? 2 : 0) + (m.via === 'shared' ? 1 : 0);

/** The item's best website match for the frame: no confirmation needed first, then its own site before a shared one. */
export function itemMatch(item: VaultItem, frame: FrameRef): SiteMatch {
  if (!frame.origin || !item.content.login) return NO_MATCH;
  let best = NO_MATCH;
  for (const website of item.content.login.websites) {
    const result = matchItemToFrame(website, { origin: frame.origin, url: frame.url });
    if (result.matches && (!best.matches || rank(result) < rank(best))) best = result;
  }
  return best;
}

/**
 * Throws unless the item's password may go into the frame: `item_not_found` (not a login, or in the
 * trash), `site_mismatch`, or `confirmation_required` (an https item on an http page, not confirmed).
 */
export function requireFillable(item: VaultItem, frame: FrameRef, confirmed: boolean): SiteMatch {
  if (!item.content.login || item.trashedAt !== null) throw new MessageFailure('item_not_found');
  const match = itemMatch(item, frame);
  if (!match.matches) throw new MessageFailure('site_mismatch');
  if (match.needsConfirmation && !confirmed) throw new MessageFailure('confirmation_required');
  return match;
}

/** The listing entries matching the frame (none for an opaque frame), best first (see `byPreference`). */
export function frameMatches(entries: readonly ListingEntry[], frame: FrameRef, rememberedId: string | null = null): EntryMatch<ItemPreview>[] {
  if (!frame.origin) return [];
  const found = matchingItems(entries, frame.origin, frame.url).filter(({ preview }) => preview.kind === 'login');
  return byPreference(found, rememberedId);
}

/**
 * The order of a menu and the shortcut's choice: the item remembered from a username-first step, then
 * matches that need no confirmation, the item's own site before a shared one, favourites, then by
 * title (the listing's order, kept by the stable sort).
 */
export function byPreference(matches: EntryMatch<ItemPreview>[], rememberedId: string | null): EntryMatch<ItemPreview>[] {
  const score = (m: EntryMatch<ItemPreview>) =>
    (m.preview.id === rememberedId ? 0 : 8) + (m.needsConfirmation ? 4 : 0) + (m.via === 'shared' ? 2 : 0) + (m.preview.favourite ? 0 : 1);
  return [...matches].sort((a, b) => score(a) - score(b));
}

/** A shared-sign-in match names the site the item was saved for ("saved for example.com"). */
export function sharedFromOf(entry: ListingEntry, frame: FrameRef): string | null {
  if (!frame.origin) return null;
  for (const site of entry.sites) {
    const result = matchItemToFrame(site, { origin: frame.origin, url: frame.url });
    if (result.via === 'shared') {
      const host = websiteHostOf(site.url);
      return host ? (registrableDomain(host) ?? host) : null;
    }
  }
  return null;
}
