import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import data from './data/shared-credentials.json';
import { registrableDomain, sameSignInGroup, sharedSignInSources } from './shared-credentials.ts';

type Entry = { shared?: string[]; from?: string[]; to?: string[]; fromDomainsAreObsoleted?: boolean };

describe('shared-credentials data', () => {
  it('ships entries that are either a shared group or a from → to pair, each name with a registrable domain', () => {
    const entries = data as Entry[];
    expect(entries.length).toBeGreaterThan(50);
    for (const entry of entries) {
      const names = entry.shared ?? [...(entry.from ?? []), ...(entry.to ?? [])];
      expect(entry.shared ? !entry.from && !entry.to : entry.from && entry.to).toBeTruthy();
      for (const name of names) expect(registrableDomain(name), name).not.toBeNull();
    }
  });

  it('ships the licence next to the data', async () => {
    const licence = await readFile('lib/vault/data/password-manager-resources-LICENSE.md', 'utf8');
    expect(licence).toContain('Apple Inc.');
    expect(licence).toContain('Permission is hereby granted, free of charge');
  });
});

describe('sameSignInGroup', () => {
  it('offers every member of a shared group on every other member, both ways', () => {
    // {"shared": ["3docean.net", …, "codecanyon.net", …, "themeforest.net", …]} (Envato)
    expect(sameSignInGroup('themeforest.net', 'codecanyon.net')).toBe(true);
    expect(sameSignInGroup('codecanyon.net', 'themeforest.net')).toBe(true);
    // {"shared": ["acmemarkets.com", …, "safeway.com", …, "vons.com"]}
    expect(sameSignInGroup('safeway.com', 'www.vons.com')).toBe(true);
    expect(sameSignInGroup('vons.com', 'safeway.com')).toBe(true);
  });

  it('offers "from" credentials on "to" sites and never the reverse', () => {
    // {"from": ["bit.ly"], "to": ["bitly.com"]}
    expect(sameSignInGroup('bit.ly', 'bitly.com')).toBe(true);
    expect(sameSignInGroup('bitly.com', 'bit.ly')).toBe(false);
    // {"from": ["adobelogin.com", "behance.net"], "to": ["adobe.com"]}
    expect(sameSignInGroup('behance.net', 'account.adobe.com')).toBe(true);
    expect(sameSignInGroup('adobe.com', 'behance.net')).toBe(false);
    expect(sameSignInGroup('adobelogin.com', 'behance.net')).toBe(false);
  });

  it('keeps "from → to" one-way also when the "from" domains are obsoleted', () => {
    // {"from": ["angel.co"], "to": ["wellfound.com"], "fromDomainsAreObsoleted": true}
    expect(sameSignInGroup('angel.co', 'wellfound.com')).toBe(true);
    expect(sameSignInGroup('wellfound.com', 'angel.co')).toBe(false);
  });

  it('reads a listed subdomain as that host and below, not its whole site', () => {
    // {"from": ["heroku.com"], "to": ["verify.salesforce.com"]}
    expect(sameSignInGroup('heroku.com', 'verify.salesforce.com')).toBe(true);
    expect(sameSignInGroup('heroku.com', 'eu.verify.salesforce.com')).toBe(true);
    expect(sameSignInGroup('heroku.com', 'login.salesforce.com')).toBe(false);
    expect(sameSignInGroup('heroku.com', 'salesforce.com')).toBe(false);
    // {"from": ["costco.ca"], "to": ["signin.costco.com"]}
    expect(sameSignInGroup('www.costco.ca', 'signin.costco.com')).toBe(true);
    expect(sameSignInGroup('costco.ca', 'www.costco.com')).toBe(false);
    // {"shared": ["app.onsign.tv", "app.onsign.com"]}: an item for the site onsign.tv counts for app.onsign.tv.
    expect(sameSignInGroup('onsign.tv', 'app.onsign.com')).toBe(true);
    expect(sameSignInGroup('onsign.tv', 'onsign.com')).toBe(false);
  });

  it('lists wikimedia.org projects by host', () => {
    // {"shared": ["wikipedia.org", …, "wikivoyage.org", …, "commons.wikimedia.org", …]}
    expect(sameSignInGroup('wikipedia.org', 'commons.wikimedia.org')).toBe(true);
    expect(sameSignInGroup('commons.wikimedia.org', 'en.wikipedia.org')).toBe(true);
    expect(sameSignInGroup('en.wikipedia.org', 'de.wikivoyage.org')).toBe(true);
    expect(sameSignInGroup('wikipedia.org', 'foundation.wikimedia.org')).toBe(false);
  });

  it('is false for the same site, unlisted sites and garbage, and normalises case and trailing dots', () => {
    expect(sameSignInGroup('bitly.com', 'bitly.com')).toBe(false);
    expect(sameSignInGroup('example.com', 'example.org')).toBe(false);
    expect(sameSignInGroup('', 'bitly.com')).toBe(false);
    expect(sameSignInGroup('bit.ly', '')).toBe(false);
    expect(sameSignInGroup('127.0.0.1', 'bitly.com')).toBe(false);
    expect(sameSignInGroup('not a host', 'bitly.com')).toBe(false);
    expect(sameSignInGroup('BIT.LY.', 'Bitly.COM.')).toBe(true);
  });
});

describe('sharedSignInSources', () => {
  it('gives the sites whose items may be offered on a page', () => {
    expect([...sharedSignInSources('adobe.com')].sort()).toEqual(['adobelogin.com', 'behance.net']);
    expect(sharedSignInSources('login.seek.com')).toContain('jobstreet.com');
    expect(sharedSignInSources('example.com').size).toBe(0);
  });
});
