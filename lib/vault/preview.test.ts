import { describe, expect, it } from 'vitest';
import type { VaultItem } from '../protocol/vault-item.ts';
import { entryOf, hostOf } from './preview.ts';

describe('hostOf', () => {
  it.each([
    ['https://www.example.com/login?x=1', 'www.example.com'],
    ['HTTP://Example.COM', 'example.com'],
    ['github.com/login', 'github.com'],
    ['localhost:8080/app', 'localhost'],
    ['  shop.example  ', 'shop.example'],
    ['', null],
    ['androidapp://com.example', null],
    ['javascript:alert(1)', null],
    ['http://', null],
  ])('reads %j as %j', (address, host) => {
    expect(hostOf(address)).toBe(host);
  });
});

describe('entryOf', () => {
  it('lists no password, note or field value, and leaves "never" websites out of the sites', () => {
    const item: VaultItem = {
      format: 1,
      id: 'AAAAAAAAAAAAAAAAAAAAAA',
      content: {
        kind: 'login',
        title: 'Bank',
        notes: 'pin 1234',
        fields: [{ name: 'memorable word', value: 'otter', hidden: true }],
        login: {
          username: 'ada',
          password: 'hunter2',
          websites: [
            { url: 'https://bank.example', match: 'site' },
            { url: 'https://old.bank.example', match: 'never' },
            { url: 'https://bank.example/other', match: 'host' },
          ],
          totp: '',
        },
      },
      favourite: false,
      createdAt: 1,
      updatedAt: 2,
      trashedAt: null,
      passwordHistory: [{ password: 'older', changedAt: 1 }],
    };
    const entry = entryOf(item);
    expect(entry.preview).toEqual({
      id: item.id,
      kind: 'login',
      title: 'Bank',
      username: 'ada',
      hosts: ['bank.example', 'old.bank.example'],
      favourite: false,
      hasTotp: false,
      updatedAt: 2,
      trashedAt: null,
      problem: null,
    });
    expect(entry.sites).toEqual([
      { url: 'https://bank.example', match: 'site' },
      { url: 'https://bank.example/other', match: 'host' },
    ]);
    for (const secret of ['hunter2', 'pin 1234', 'otter', 'older']) expect(JSON.stringify(entry)).not.toContain(secret);
  });
});
