/**
 * Background-only. Sites that share one sign-in, from Apple's password-manager-resources
 * (data/shared-credentials.json, MIT, licence in data/password-manager-resources-LICENSE.md).
 * Invariant: a listed name never stands for more than it names — "verify.salesforce.com" is that
 * host and its subdomains, not all of salesforce.com — and "from → to" entries work one way only.
 *
 * Reading of the data (its README documents no direction, so the narrower one is taken):
 * - `shared: [a, b, …]`: credentials saved for any member may be offered on every other member.
 * - `from: [a, …], to: [b, …]`: credentials saved for a `from` site may be offered on a `to` site,
 *   never the reverse — also when `fromDomainsAreObsoleted`: an obsoleted domain may change hands,
 *   so it is the last place to offer the new site's password.
 * The upstream README asks that such a suggestion name the site the credential was saved for and
 * never fill without the user's review; site-match.ts reports these matches as `via: 'shared'`.
 */
import { getDomain } from 'tldts';
import data from './data/shared-credentials.json' with { type: 'json' };

interface SharedCredentialsEntry {
  shared?: string[];
  from?: string[];
  to?: string[];
  fromDomainsAreObsoleted?: boolean;
}

/** Lower-case, without the trailing dot of a fully qualified name. */
export function normaliseHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Registrable domain ("site") from the Public Suffix List including private suffixes; null for
 * hosts without one (IP addresses, localhost, single labels, a bare public suffix such as github.io).
 */
export function registrableDomain(host: string): string | null {
  return getDomain(normaliseHost(host), { allowPrivateDomains: true });
}

/** One direction of a sign-in relation: items of site `source` may be offered on host `target` and below. */
interface Link {
  target: string;
  source: string;
}

let index: Map<string, Link[]> | null = null;

/** Links keyed by the registrable domain of their target, built on first use. */
function links(): Map<string, Link[]> {
  if (index) return index;
  const built = new Map<string, Link[]>();
  const add = (from: string, to: string) => {
    const source = registrableDomain(from);
    const target = normaliseHost(to);
    const targetSite = registrableDomain(target);
    if (!source || !targetSite || source === targetSite) return;
    const list = built.get(targetSite) ?? [];
    if (!list.some((link) => link.target === target && link.source === source)) list.push({ target, source });
    built.set(targetSite, list);
  };
  for (const entry of data as SharedCredentialsEntry[]) {
    const shared = entry.shared ?? [];
    for (const from of shared) for (const to of shared) add(from, to);
    for (const from of entry.from ?? []) for (const to of entry.to ?? []) add(from, to);
  }
  index = built;
  return built;
}

const within = (host: string, name: string) => host === name || host.endsWith(`.${name}`);

/** Registrable domains whose items may be offered on `pageHost` because they share its sign-in. */
export function sharedSignInSources(pageHost: string): ReadonlySet<string> {
  const host = normaliseHost(pageHost);
  const site = registrableDomain(host);
  const sources = new Set<string>();
  if (!site) return sources;
  for (const link of links().get(site) ?? []) if (within(host, link.target)) sources.add(link.source);
  return sources;
}

/**
 * Whether credentials saved for `savedFor` (a site or any host of it) may be offered on `pageHost`
 * because the two share one sign-in. Not symmetric for "from → to" entries; false for the same site.
 */
export function sameSignInGroup(savedFor: string, pageHost: string): boolean {
  const source = registrableDomain(savedFor);
  return source !== null && sharedSignInSources(pageHost).has(source);
}
