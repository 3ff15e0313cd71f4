import { describe, expect, it } from 'vitest';
import type { ItemPreview } from '../protocol/vault-item.ts';
import { packPreviews, packVaultList, unpackPreviews, unpackVaultList } from './preview-pack.ts';

const preview = (overrides: Partial<ItemPreview> = {}): ItemPreview => ({
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  kind: 'login',
  title: 'GitHub',
  username: 'octo@example.com',
  hosts: ['github.com', 'gist.github.com'],
  favourite: false,
  hasTotp: false,
  updatedAt: 1_700_000_000_000,
  trashedAt: null,
  problem: null,
  ...overrides,
});

describe('preview-pack', () => {
  it('gives back exactly the previews it packed, for every combination of flags and kinds', () => {
    const items: ItemPreview[] = [];
    for (const kind of ['login', 'note'] as const) {
      for (const favourite of [false, true]) {
        for (const hasTotp of [false, true]) {
          for (const problem of [null, 'undecryptable'] as const) {
            for (const trashedAt of [null, 1_700_000_000_123]) {
              items.push(preview({ id: `id-${items.length}-AAAAAAAAAAAAAA`, kind, favourite, hasTotp, problem, trashedAt, hosts: items.length % 3 ? [] : ['a.example'] }));
            }
          }
        }
      }
    }
    items.push(preview({ title: 'Ünïcödé \u0000 "quotes" \n and spaces', username: '' }));
    expect(unpackPreviews(packPreviews(items))).toEqual(items);
  });

  it('keeps the site fields of a whole list and survives a JSON round trip (as extension messaging does)', () => {
    const list = { items: [preview(), preview({ id: 'BBBBBBBBBBBBBBBBBBBBBB', title: 'Bank' })], siteHost: 'github.com', siteItemIds: ['AAAAAAAAAAAAAAAAAAAAAA'] };
    const overTheWire = JSON.parse(JSON.stringify(packVaultList(list)));
    expect(unpackVaultList(overTheWire)).toEqual(list);
  });

  it('is smaller on the wire than one object per item', () => {
    const items = Array.from({ length: 1000 }, (_, index) => preview({ id: `item-${String(index).padStart(17, '0')}`, title: `Account ${index}` }));
    expect(JSON.stringify(packPreviews(items)).length).toBeLessThan(JSON.stringify(items).length * 0.7);
  });
});
