/**
 * Background-only. Whether an item's website matches a frame. Invariant: the frame is known only by
 * the origin the browser stamped on its message (frameOriginOf), never by anything the page says,
 * and an opaque or non-http(s) origin matches nothing.
 *
 * Rules per match mode: 'site' (default) = same registrable domain with private suffixes
 * (`a.github.io` ≠ `b.github.io`), or a site that shares the sign-in (shared-credentials.ts); hosts
 * without a registrable domain (IP addresses, localhost) must match exactly, port included.
 * 'host' = same host and port. 'startsWith' = same host and port, and the frame's path and query
 * start with the saved ones. 'never' = never. An https item matches an http frame only with
 * `needsConfirmation: 'http_downgrade'`; an address typed without a scheme counts as https.
 */
import type { MatchMode } from '../protocol/vault-item.ts';
import { normaliseHost, registrableDomain, sharedSignInSources } from './shared-credentials.ts';

export type MatchVia = 'site' | 'shared' | 'host' | 'startsWith';

export interface SiteMatch {
  matches: boolean;
  /** Set when the fill must be confirmed first: an https item on an http page. */
  needsConfirmation: 'http_downgrade' | null;
  /** How it matched; 'shared' must name the saved site to the user (see shared-credentials.ts). */
  via: MatchVia | null;
}

/** A saved website: the item's own `{ url, match }`, or a listing entry's `{ host, match }`. */
export type SavedSite = { readonly match: MatchMode } & ({ readonly url: string } | { readonly host: string });

/** A parsed http(s) address. `path` is path + query (null: a frame known by its origin only). */
interface Place {
  secure: boolean;
  hostname: string;
  /** Host with a non-default port, if any: what 'host', 'startsWith' and IP addresses compare. */
  hostKey: string;
  site: string | null;
  path: string | null;
}

interface FramePlace extends Place {
  sharedSources: ReadonlySet<string>;
}

const NO_MATCH: SiteMatch = Object.freeze({ matches: false, needsConfirmation: null, via: null });

function placeOf(url: URL, path: string | null): Place | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const hostname = normaliseHost(url.hostname);
  if (!hostname) return null;
  return {
    secure: url.protocol === 'https:',
    hostname,
    hostKey: url.port ? `${hostname}:${url.port}` : hostname,
    site: registrableDomain(hostname),
    path,
  };
}

/** A saved address as the user typed it; without a scheme (`github.com/login`) it counts as https (see preview.ts hostOf). */
function savedPlace(address: string): Place | null {
  try {
    const trimmed = address.trim();
    if (!trimmed) return null;
    const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[^:/]+:\d+(?:[/?#]|$)/.test(trimmed);
    const url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
    return placeOf(url, url.pathname + url.search);
  } catch {
    return null;
  }
}

/** The frame from its browser-reported origin; `url` counts (for 'startsWith') only when it has that origin. */
function framePlace(origin: string, url?: string): FramePlace | null {
  try {
    const parsed = new URL(origin);
    let path: string | null = null;
    if (url !== undefined) {
      const page = URL.canParse(url) ? new URL(url) : null;
      if (page && page.origin === parsed.origin) path = page.pathname + page.search;
    }
    const place = placeOf(parsed, path);
    if (!place) return null;
    return { ...place, sharedSources: sharedSignInSources(place.hostname) };
  } catch {
    return null;
  }
}

function matchPlaces(saved: Place | null, match: MatchMode, frame: FramePlace | null): SiteMatch {
  if (!saved || !frame || match === 'never') return NO_MATCH;
  let via: MatchVia | null = null;
  const sameHost = saved.hostKey === frame.hostKey;
  if (match === 'host') via = sameHost ? 'host' : null;
  else if (match === 'startsWith') via = sameHost && (frame.path ?? '/').startsWith(saved.path ?? '/') ? 'startsWith' : null;
  else if (saved.site === null || frame.site === null) via = sameHost ? 'site' : null;
  else if (saved.site === frame.site) via = 'site';
  else if (frame.sharedSources.has(saved.site)) via = 'shared';
  if (!via) return NO_MATCH;
  return { matches: true, needsConfirmation: saved.secure && !frame.secure ? 'http_downgrade' : null, via };
}

/** One website against one frame (`origin` as the browser reports it; `url` for 'startsWith'). */
export function matchItemToFrame(website: { url: string; match: MatchMode }, frame: { origin: string; url?: string }): SiteMatch {
  return matchPlaces(savedPlace(website.url), website.match, framePlace(frame.origin, frame.url));
}

/** Parsed saved sites, by object: listing entries are rebuilt, never edited, so an object's address never changes. */
const parsedSites = new WeakMap<SavedSite, Place | null>();

function cachedPlace(site: SavedSite): Place | null {
  let place = parsedSites.get(site);
  if (place === undefined) {
    place = savedPlace('url' in site ? site.url : site.host);
    parsedSites.set(site, place);
  }
  return place;
}

export interface MatchableEntry<P> {
  preview: P;
  sites: readonly SavedSite[];
}

export interface EntryMatch<P> {
  preview: P;
  needsConfirmation: SiteMatch['needsConfirmation'];
  via: MatchVia;
}

/** How good a match is: lower is better (no confirmation first, then the item's own site before a shared one). */
const rank = (m: SiteMatch) => (m.needsConfirmation ? 2 : 0) + (m.via === 'shared' ? 1 : 0);

/** The entries (not in the trash, readable) with a website that matches the frame, each with its best match. */
export function matchingItems<P extends { trashedAt: number | null; problem: string | null }>(
  entries: Iterable<MatchableEntry<P>>,
  frameOrigin: string,
  frameUrl?: string,
): EntryMatch<P>[] {
  const frame = framePlace(frameOrigin, frameUrl);
  if (!frame) return [];
  const found: EntryMatch<P>[] = [];
  for (const { preview, sites } of entries) {
    if (preview.trashedAt !== null || preview.problem) continue;
    let best: SiteMatch = NO_MATCH;
    for (const site of sites) {
      const result = matchPlaces(cachedPlace(site), site.match, frame);
      if (result.matches && (!best.matches || rank(result) < rank(best))) best = result;
      if (best.matches && rank(best) === 0) break;
    }
    if (best.matches && best.via) found.push({ preview, needsConfirmation: best.needsConfirmation, via: best.via });
  }
  return found;
}

/**
 * The http(s) origin of a message's sender frame: the browser-stamped `origin` when there is one
 * (Chrome; also right for about:blank frames, which inherit their creator's origin), else the origin
 * of its `url` (Firefox). Opaque origins ("null": sandboxed, data:) and other schemes give null.
 */
export function frameOriginOf(sender: { origin?: string; url?: string; frameId?: number }): string | null {
  const candidate = typeof sender.origin === 'string' ? sender.origin : sender.url;
  if (typeof candidate !== 'string' || !URL.canParse(candidate)) return null;
  const { origin } = new URL(candidate);
  return origin.startsWith('https://') || origin.startsWith('http://') ? origin : null;
}
