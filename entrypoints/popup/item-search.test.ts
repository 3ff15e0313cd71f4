import { describe, expect, it } from 'vitest';
import { samplePreview, sampleList } from '../../tests/unit/support/popup-fixtures.ts';
import { buildIndex, search } from './item-search.ts';

const ITEMS = [
  samplePreview({ id: 'bank', title: 'Bank', username: 'me', hosts: ['bank.example'] }),
  samplePreview({ id: 'cafe', title: 'Café Olé', username: 'barista', hosts: [] }),
  samplePreview({ id: 'github', title: 'GitHub', username: 'Octo@Example.com', hosts: ['github.com'], favourite: true }),
  samplePreview({ id: 'mail', title: 'Mail', username: 'postman', hosts: ['mail.example', 'webmail.example'] }),
  samplePreview({ id: 'old', title: 'Old forum', username: 'me', hosts: ['forum.example'], trashedAt: 1 }),
];
const index = buildIndex(sampleList(ITEMS, { host: 'mail.example', ids: ['mail'] }));

describe('item search', () => {
  it('lists every item not in the trash, the current site first, when the query is empty', () => {
    expect(search(index, '', 'all')).toEqual(['mail', 'bank', 'cafe', 'github']);
  });

  it.each([
    ['github', ['github']],
    ['OCTO@', ['github']],
    ['webmail', ['mail']],
    ['me', ['bank']],
  ])('matches title, username and website case-insensitively when the query is %s', (query, ids) => {
    expect(search(index, query, 'all')).toEqual(ids);
  });

  it('ignores accents on both sides when searching', () => {
    expect(search(index, 'cafe ole', 'all')).toEqual(['cafe']);
    expect(search(index, 'CAFÉ', 'all')).toEqual(['cafe']);
  });

  it('needs every word to match when the query has several', () => {
    expect(search(index, 'bank me', 'all')).toEqual(['bank']);
    expect(search(index, 'bank postman', 'all')).toEqual([]);
  });

  it('keeps the current site first among matches when it matches', () => {
    expect(search(index, 'example', 'all')).toEqual(['mail', 'bank', 'github']);
  });

  it('lists only favourites when the filter is favourites', () => {
    expect(search(index, '', 'favourites')).toEqual(['github']);
  });

  it('lists only trashed items, searchable, when the filter is trash', () => {
    expect(search(index, '', 'trash')).toEqual(['old']);
    expect(search(index, 'forum', 'trash')).toEqual(['old']);
    expect(search(index, 'bank', 'trash')).toEqual([]);
  });

  it('finds the right items among 10,000 when searched', () => {
    const many = Array.from({ length: 10_000 }, (_, n) =>
      samplePreview({ id: `item-${n}`, title: `Account ${n}`, username: `user${n}@example.com`, hosts: [`site${n}.example`] }),
    );
    const big = buildIndex(sampleList(many, { host: 'site9999.example', ids: ['item-9999'] }));
    expect(search(big, 'site1234.', 'all')).toEqual(['item-1234']);
    expect(search(big, 'account 999', 'all').slice(0, 2)).toEqual(['item-9999', 'item-999']);
    expect(search(big, '', 'all')).toHaveLength(10_000);
  });
});
