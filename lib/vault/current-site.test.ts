import { describe, expect, it, type MockInstance, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MatchMode } from '../protocol/vault-item.ts';
import { activeTabHost, httpHost, itemsForHost } from './current-site.ts';
import type { ListingEntry } from './preview.ts';

function entry(id: string, sites: [string, MatchMode][], extra: { trashedAt?: number; problem?: 'undecryptable' } = {}): ListingEntry {
  return {
    preview: {
      id,
      kind: 'login',
      title: id,
      username: '',
      hosts: sites.map(([host]) => host),
      favourite: false,
      hasTotp: false,
      updatedAt: 0,
      trashedAt: extra.trashedAt ?? null,
      problem: extra.problem ?? null,
    },
    sites: sites.filter((site): site is [string, Exclude<MatchMode, 'never'>] => site[1] !== 'never').map(([host, match]) => ({ url: host, match })),
  };
}

describe('itemsForHost', () => {
  const entries = [
    entry('github', [['github.com', 'site']]),
    entry('pages-a', [['a.github.io', 'site']]),
    entry('pages-b', [['b.github.io', 'site']]),
    entry('bank-www', [['www.bank.co.uk', 'site']]),
    entry('bank-exact', [['login.bank.co.uk', 'host']]),
    entry('never', [['a.github.io', 'never']]),
    entry('trashed', [['a.github.io', 'site']], { trashedAt: 1 }),
    entry('local', [['127.0.0.1', 'site']]),
    entry('envato', [['themeforest.net', 'site']]),
    entry('heroku', [['heroku.com', 'site']]),
    entry('heroku-exact', [['heroku.com', 'host']]),
    entry('path', [['example.com', 'startsWith']]),
  ];

  it('matches by registrable domain with private suffixes: a.github.io is not b.github.io', () => {
    expect(itemsForHost('a.github.io', entries)).toEqual(['pages-a']);
    expect(itemsForHost('gist.github.com', entries)).toEqual(['github']);
  });

  it('matches any host of the same registrable domain for "site", only the same host for "host"', () => {
    expect(itemsForHost('online.bank.co.uk', entries)).toEqual(['bank-www']);
    expect(itemsForHost('login.bank.co.uk', entries)).toEqual(['bank-www', 'bank-exact']);
  });

  it('leaves out items in the trash and websites set to never match', () => {
    expect(itemsForHost('a.github.io', entries)).not.toContain('never');
    expect(itemsForHost('a.github.io', entries)).not.toContain('trashed');
  });

  it('lists items of sites that share the sign-in (shared-credentials.json), as the data allows', () => {
    expect(itemsForHost('codecanyon.net', entries)).toEqual(['envato']); // {"shared": [... "codecanyon.net", ... "themeforest.net", ...]}
    expect(itemsForHost('verify.salesforce.com', entries)).toEqual(['heroku']); // {"from": ["heroku.com"], "to": ["verify.salesforce.com"]}
    expect(itemsForHost('login.salesforce.com', entries)).toEqual([]);
    expect(itemsForHost('heroku.com', entries)).toEqual(['heroku', 'heroku-exact']);
  });

  it('needs the same host for "startsWith", whatever the path', () => {
    expect(itemsForHost('example.com', entries)).toEqual(['path']);
    expect(itemsForHost('www.example.com', entries)).toEqual([]);
  });

  it('compares IP addresses as they are', () => {
    expect(itemsForHost('127.0.0.1', entries)).toEqual(['local']);
    expect(itemsForHost('127.0.0.2', entries)).toEqual([]);
  });
});

describe('activeTabHost', () => {
  it('gives the host of an http(s) tab and nothing for other pages', async () => {
    expect(httpHost('https://Shop.Example/cart')).toBe('shop.example');
    expect(httpHost('chrome://settings')).toBeNull();
    expect(httpHost('file:///etc/passwd')).toBeNull();
    // The fake browser does not track the last focused window; answer the query the browser would.
    const query = vi.spyOn(fakeBrowser.tabs, 'query') as unknown as MockInstance<(info: Browser.tabs.QueryInfo) => Promise<Browser.tabs.Tab[]>>;
    query.mockResolvedValue([{ url: 'https://a.github.io/repo' } as Browser.tabs.Tab]);
    expect(await activeTabHost()).toBe('a.github.io');
    expect(query).toHaveBeenCalledWith({ active: true, lastFocusedWindow: true });
    query.mockResolvedValue([{ url: 'chrome://newtab/' } as Browser.tabs.Tab]);
    expect(await activeTabHost()).toBeNull();
    query.mockResolvedValue([{} as Browser.tabs.Tab]); // a tab whose URL the extension may not see
    expect(await activeTabHost()).toBeNull();
  });
});
