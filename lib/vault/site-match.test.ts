import { describe, expect, it } from 'vitest';
import type { MatchMode } from '../protocol/vault-item.ts';
import { frameOriginOf, type MatchVia, matchingItems, matchItemToFrame, type SavedSite } from './site-match.ts';

type Expected = 'match' | 'confirm' | 'no';
/** saved url, mode, frame origin, frame url (or null), expected, how it matched */
type Row = [string, MatchMode, string, string | null, Expected, MatchVia?];

const rows: Row[] = [
  // 'site': registrable domain, private suffixes, multi-part public suffixes
  ['https://github.com', 'site', 'https://github.com', null, 'match', 'site'],
  ['https://github.com', 'site', 'https://gist.github.com', null, 'match', 'site'],
  ['github.com/login', 'site', 'https://github.com', null, 'match', 'site'],
  ['https://login.example.com', 'site', 'https://example.com', null, 'match', 'site'],
  ['https://example.com', 'site', 'https://login.example.com', null, 'match', 'site'],
  ['https://a.github.io', 'site', 'https://b.github.io', null, 'no'],
  ['https://a.github.io', 'site', 'https://x.a.github.io', null, 'match', 'site'],
  ['https://github.io', 'site', 'https://a.github.io', null, 'no'],
  ['https://app-one.herokuapp.com', 'site', 'https://app-two.herokuapp.com', null, 'no'],
  ['https://app-one.herokuapp.com', 'site', 'https://www.app-one.herokuapp.com', null, 'match', 'site'],
  ['https://foo.blogspot.com', 'site', 'https://bar.blogspot.com', null, 'no'],
  ['https://foo.co.uk', 'site', 'https://bar.co.uk', null, 'no'],
  ['https://www.bank.co.uk', 'site', 'https://online.bank.co.uk', null, 'match', 'site'],
  ['https://shop.com.au', 'site', 'https://www.shop.com.au', null, 'match', 'site'],
  ['https://shop.com.au', 'site', 'https://shop.net.au', null, 'no'],
  ['https://example.com.evil.net', 'site', 'https://example.com', null, 'no'],
  ['https://example.com', 'site', 'https://notexample.com', null, 'no'],
  // IDN, case, trailing dots, ports
  ['https://bücher.de', 'site', 'https://www.xn--bcher-kva.de', null, 'match', 'site'],
  ['https://xn--bcher-kva.de', 'site', 'https://bucher.de', null, 'no'],
  ['https://EXAMPLE.com/Login', 'site', 'https://example.com', null, 'match', 'site'],
  ['https://example.com.', 'site', 'https://example.com', null, 'match', 'site'],
  ['https://example.com', 'site', 'https://example.com.', null, 'match', 'site'],
  ['https://example.com', 'site', 'https://example.com:8443', null, 'match', 'site'],
  // scheme: https items on http pages need a confirmation, never the reverse
  ['https://example.com', 'site', 'http://example.com', null, 'confirm', 'site'],
  ['http://example.com', 'site', 'https://example.com', null, 'match', 'site'],
  ['http://example.com', 'site', 'http://www.example.com', null, 'match', 'site'],
  ['example.com', 'site', 'http://example.com', null, 'confirm', 'site'],
  // IP addresses and localhost: exact host and port
  ['http://127.0.0.1:8080', 'site', 'http://127.0.0.1:8080', null, 'match', 'site'],
  ['http://127.0.0.1:8080', 'site', 'http://127.0.0.1:3000', null, 'no'],
  ['http://127.0.0.1', 'site', 'http://127.0.0.2', null, 'no'],
  ['http://192.168.1.10', 'site', 'http://192.168.1.10', null, 'match', 'site'],
  ['http://localhost:3000', 'site', 'http://localhost:3000', null, 'match', 'site'],
  ['http://localhost:3000', 'site', 'http://localhost:5173', null, 'no'],
  ['localhost:3000', 'site', 'https://localhost:3000', null, 'match', 'site'],
  ['https://[::1]:8443', 'site', 'https://[::1]:8443', null, 'match', 'site'],
  ['https://[::1]:8443', 'site', 'https://[::2]:8443', null, 'no'],
  // 'host': same host and port
  ['https://login.example.com', 'host', 'https://login.example.com', null, 'match', 'host'],
  ['https://login.example.com', 'host', 'https://example.com', null, 'no'],
  ['https://example.com', 'host', 'https://www.example.com', null, 'no'],
  ['https://example.com:443', 'host', 'https://example.com', null, 'match', 'host'],
  ['https://example.com', 'host', 'https://example.com:8443', null, 'no'],
  ['https://Example.COM.', 'host', 'https://example.com', null, 'match', 'host'],
  ['https://example.com', 'host', 'http://example.com', null, 'confirm', 'host'],
  ['http://example.com:8080', 'host', 'http://example.com:8080', null, 'match', 'host'],
  // 'startsWith': same host and port, then the path and query
  ['https://example.com/app', 'startsWith', 'https://example.com', 'https://example.com/app/login?x=1#top', 'match', 'startsWith'],
  ['https://example.com/app', 'startsWith', 'https://example.com', 'https://example.com/other', 'no'],
  ['https://example.com/app?tenant=a', 'startsWith', 'https://example.com', 'https://example.com/app?tenant=a&x=1', 'match', 'startsWith'],
  ['https://example.com/app?tenant=a', 'startsWith', 'https://example.com', 'https://example.com/app?tenant=b', 'no'],
  ['https://example.com/app#x', 'startsWith', 'https://example.com', 'https://example.com/app', 'match', 'startsWith'],
  ['https://example.com/app', 'startsWith', 'https://example.com', null, 'no'],
  ['https://example.com', 'startsWith', 'https://example.com', null, 'match', 'startsWith'],
  ['https://example.com/app', 'startsWith', 'https://example.com', 'https://evil.example/app', 'no'],
  ['https://EXAMPLE.com/app', 'startsWith', 'https://example.com', 'https://example.com/app', 'match', 'startsWith'],
  ['https://example.com/app', 'startsWith', 'http://example.com', 'http://example.com/app', 'confirm', 'startsWith'],
  ['https://example.com/app', 'startsWith', 'https://www.example.com', 'https://www.example.com/app', 'no'],
  ['https://example.com', 'startsWith', 'https://example.com.evil.net', 'https://example.com.evil.net/', 'no'],
  ['https://example.com:8443/app', 'startsWith', 'https://example.com', 'https://example.com/app', 'no'],
  // 'never'
  ['https://example.com', 'never', 'https://example.com', 'https://example.com/', 'no'],
  // frames that are not http(s) pages match nothing
  ['https://example.com', 'site', 'null', 'https://example.com/', 'no'],
  ['https://example.com', 'site', 'about:blank', null, 'no'],
  ['https://example.com', 'site', 'data:text/html,<form>', null, 'no'],
  ['file:///etc/passwd', 'site', 'file://', 'file:///etc/passwd', 'no'],
  ['https://example.com', 'site', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', null, 'no'],
  ['https://example.com', 'site', 'moz-extension://2d3c8a51-5a2b-4f06-9a0d-0123456789ab', null, 'no'],
  ['https://example.com', 'site', 'ftp://example.com', null, 'no'],
  // garbage never matches
  ['', 'site', 'https://example.com', null, 'no'],
  ['   ', 'site', 'https://example.com', null, 'no'],
  ['not a url at all', 'site', 'https://example.com', null, 'no'],
  ['https://', 'site', 'https://example.com', null, 'no'],
  ['javascript:alert(1)', 'site', 'https://example.com', null, 'no'],
  ['https://example.com', 'site', '', null, 'no'],
  ['https://example.com', 'site', 'https://exa mple.com', null, 'no'],
  ['https://example.com/app', 'startsWith', 'https://example.com', 'not a url', 'no'],
  // sites that share a sign-in (real entries of shared-credentials.json; 'site' mode only)
  ['https://themeforest.net', 'site', 'https://codecanyon.net', null, 'match', 'shared'],
  ['https://codecanyon.net', 'site', 'https://themeforest.net', null, 'match', 'shared'],
  ['https://heroku.com', 'site', 'https://verify.salesforce.com', null, 'match', 'shared'],
  ['https://heroku.com', 'site', 'https://login.salesforce.com', null, 'no'],
  ['https://verify.salesforce.com', 'site', 'https://heroku.com', null, 'no'],
  ['https://heroku.com', 'host', 'https://verify.salesforce.com', null, 'no'],
  ['https://heroku.com', 'site', 'http://verify.salesforce.com', null, 'confirm', 'shared'],
  ['https://angel.co', 'site', 'https://wellfound.com', null, 'match', 'shared'],
  ['https://wellfound.com', 'site', 'https://angel.co', null, 'no'],
  ['https://bit.ly', 'site', 'https://bitly.com', null, 'match', 'shared'],
  ['https://bitly.com', 'site', 'https://bit.ly', null, 'no'],
  ['https://en.wikipedia.org', 'site', 'https://commons.wikimedia.org', null, 'match', 'shared'],
  ['https://en.wikipedia.org', 'site', 'https://foundation.wikimedia.org', null, 'no'],
];

describe('matchItemToFrame', () => {
  it.each(rows)('%s (%s) on %s %s → %s', (url, match, origin, frameUrl, expected, via) => {
    const result = matchItemToFrame({ url, match }, frameUrl === null ? { origin } : { origin, url: frameUrl });
    expect(result).toEqual({
      matches: expected !== 'no',
      needsConfirmation: expected === 'confirm' ? 'http_downgrade' : null,
      via: expected === 'no' ? null : via,
    });
  });

  it('never throws on input of the wrong type', () => {
    const garbage = [undefined, null, 42, {}, [], Symbol('x')] as unknown as string[];
    for (const value of garbage) {
      expect(matchItemToFrame({ url: value, match: 'site' }, { origin: 'https://example.com' }).matches).toBe(false);
      expect(matchItemToFrame({ url: 'https://example.com', match: 'site' }, { origin: value }).matches).toBe(false);
      expect(matchItemToFrame({ url: 'https://example.com/app', match: 'startsWith' }, { origin: 'https://example.com', url: value }).matches).toBe(false);
    }
  });
});

type Preview = { id: string; trashedAt: number | null; problem: 'undecryptable' | null };
const entry = (id: string, sites: SavedSite[], extra: Partial<Preview> = {}) => ({ preview: { id, trashedAt: null, problem: null, ...extra }, sites });

describe('matchingItems', () => {
  const entries = [
    entry('github', [{ url: 'https://github.com/login', match: 'site' }]),
    entry('listed-host', [{ host: 'github.com', match: 'host' }]),
    entry('pages', [{ url: 'https://a.github.io', match: 'site' }]),
    entry('never', [{ url: 'https://github.com', match: 'never' }]),
    entry('trashed', [{ url: 'https://github.com', match: 'site' }], { trashedAt: 1 }),
    entry('broken', [{ url: 'https://github.com', match: 'site' }], { problem: 'undecryptable' }),
    entry('garbage', [{ url: '::::', match: 'site' }, { host: '', match: 'host' }]),
    entry('two-sites', [
      { url: 'https://github.com', match: 'site' }, // https on an http page: needs a confirmation
      { url: 'http://github.com', match: 'host' }, // the better match
    ]),
  ];

  it('keeps the matching, readable entries not in the trash, in order', () => {
    expect(matchingItems(entries, 'https://github.com').map(({ preview }) => preview.id)).toEqual(['github', 'listed-host', 'two-sites']);
    expect(matchingItems(entries, 'https://a.github.io').map(({ preview }) => preview.id)).toEqual(['pages']);
  });

  it('takes a listing site given by host alone as https', () => {
    expect(matchingItems([entries[1]!], 'http://github.com')).toEqual([{ preview: entries[1]!.preview, needsConfirmation: 'http_downgrade', via: 'host' }]);
  });

  it("reports each entry's best match: one that needs no confirmation wins", () => {
    const found = matchingItems(entries, 'http://github.com');
    expect(found.find(({ preview }) => preview.id === 'two-sites')).toEqual({ preview: entries[7]!.preview, needsConfirmation: null, via: 'host' });
    expect(found.find(({ preview }) => preview.id === 'github')?.needsConfirmation).toBe('http_downgrade');
  });

  it('prefers the item\'s own site over a site that shares its sign-in', () => {
    const both = entry('both', [
      { url: 'https://themeforest.net', match: 'site' },
      { url: 'https://codecanyon.net', match: 'site' },
    ]);
    expect(matchingItems([both], 'https://codecanyon.net')[0]?.via).toBe('site');
    expect(matchingItems([both], 'https://videohive.net')[0]?.via).toBe('shared');
  });

  it('uses the frame URL only for its own origin, and nothing for opaque or non-http frames', () => {
    const paths = [entry('app', [{ url: 'https://example.com/app', match: 'startsWith' }])];
    expect(matchingItems(paths, 'https://example.com', 'https://example.com/app/x')).toHaveLength(1);
    expect(matchingItems(paths, 'https://example.com', 'https://elsewhere.example/app/x')).toHaveLength(0);
    for (const origin of ['null', 'about:blank', 'chrome-extension://abc', '']) expect(matchingItems(entries, origin)).toEqual([]);
  });

  it('finds exactly the matching entries among 10,000 (its speed is a benchmark matter, not a test)', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      entry(`item-${i}`, [{ url: `https://login.site${i % 2_000}.example/path`, match: (['site', 'host', 'startsWith'] as const)[i % 3]! }]),
    );
    matchingItems(many, 'https://login.site7.example'); // parses and caches every saved site
    const found = matchingItems(many, 'https://login.site7.example', 'https://login.site7.example/path/x');
    expect(found).toHaveLength(5);
  });
});

describe('frameOriginOf', () => {
  it('prefers the origin the browser stamped (Chrome), also for about:blank frames that inherit it', () => {
    expect(frameOriginOf({ origin: 'https://example.com', url: 'https://example.com/login', frameId: 0 })).toBe('https://example.com');
    expect(frameOriginOf({ origin: 'https://example.com', url: 'about:blank', frameId: 3 })).toBe('https://example.com');
  });

  it('gives nothing for an opaque origin even when the URL looks like a site (sandboxed frame)', () => {
    expect(frameOriginOf({ origin: 'null', url: 'https://example.com/embed', frameId: 2 })).toBeNull();
  });

  it('falls back to the origin of the URL when there is no stamped origin (Firefox)', () => {
    expect(frameOriginOf({ url: 'https://Login.Example.com:8443/a?b#c' })).toBe('https://login.example.com:8443');
    expect(frameOriginOf({ url: 'http://example.com:80/' })).toBe('http://example.com');
    expect(frameOriginOf({ url: 'blob:https://example.com/0b7c7a52-5c33-4d43-9b55-0d8b8f7a3a9e' })).toBe('https://example.com');
  });

  it('gives nothing for frames that are not http(s) pages', () => {
    for (const url of ['about:blank', 'about:srcdoc', 'data:text/html,x', 'file:///tmp/a.html', 'chrome-extension://abc/popup.html', 'javascript:void(0)', 'not a url']) {
      expect(frameOriginOf({ url }), url).toBeNull();
    }
    expect(frameOriginOf({ origin: 'chrome-extension://abc' })).toBeNull();
    expect(frameOriginOf({})).toBeNull();
  });
});
