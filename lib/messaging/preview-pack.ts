/**
 * The item list as it crosses from the background to the popup: one array per field instead of one
 * object per item. Extension messaging serializes JSON; 10,000 preview objects repeat every key
 * 10,000 times and made the transfer the slowest part of an unlock (≈50 ms of the 150 ms budget).
 * Columns carry the same data in about half the bytes and a few dozen objects. Pure TS, no zod:
 * imported by the background and the popup.
 */
import type { ItemPreview } from '../protocol/vault-item.ts';
import type { VaultList } from './messages.ts';

export interface PackedPreviews {
  ids: string[];
  titles: string[];
  usernames: string[];
  /** Each item's hosts joined by a space (host names never contain one). */
  hosts: string[];
  /** One character per item: "l" login, "n" secure note. */
  kinds: string;
  /** Per item: 1 favourite, 2 has an authenticator secret, 4 undecryptable. */
  flags: number[];
  updatedAt: number[];
  /** 0 when the item is not in the trash. */
  trashedAt: number[];
}

export type PackedVaultList = Omit<VaultList, 'items'> & { items: PackedPreviews };

const FAVOURITE = 1;
const HAS_TOTP = 2;
const UNDECRYPTABLE = 4;

export function packPreviews(items: readonly ItemPreview[]): PackedPreviews {
  const packed: PackedPreviews = { ids: [], titles: [], usernames: [], hosts: [], kinds: '', flags: [], updatedAt: [], trashedAt: [] };
  const kinds: string[] = [];
  for (const item of items) {
    packed.ids.push(item.id);
    packed.titles.push(item.title);
    packed.usernames.push(item.username);
    packed.hosts.push(item.hosts.join(' '));
    kinds.push(item.kind === 'note' ? 'n' : 'l');
    packed.flags.push((item.favourite ? FAVOURITE : 0) | (item.hasTotp ? HAS_TOTP : 0) | (item.problem === 'undecryptable' ? UNDECRYPTABLE : 0));
    packed.updatedAt.push(item.updatedAt);
    packed.trashedAt.push(item.trashedAt ?? 0);
  }
  packed.kinds = kinds.join('');
  return packed;
}

export function unpackPreviews(packed: PackedPreviews): ItemPreview[] {
  return packed.ids.map((id, index) => {
    const flags = packed.flags[index] ?? 0;
    const hosts = packed.hosts[index] ?? '';
    const trashedAt = packed.trashedAt[index] ?? 0;
    return {
      id,
      kind: packed.kinds[index] === 'n' ? 'note' : 'login',
      title: packed.titles[index] ?? '',
      username: packed.usernames[index] ?? '',
      hosts: hosts === '' ? [] : hosts.split(' '),
      favourite: (flags & FAVOURITE) !== 0,
      hasTotp: (flags & HAS_TOTP) !== 0,
      updatedAt: packed.updatedAt[index] ?? 0,
      trashedAt: trashedAt === 0 ? null : trashedAt,
      problem: (flags & UNDECRYPTABLE) !== 0 ? 'undecryptable' : null,
    };
  });
}

export const packVaultList = (list: VaultList): PackedVaultList => ({ ...list, items: packPreviews(list.items) });
export const unpackVaultList = (list: PackedVaultList): VaultList => ({ ...list, items: unpackPreviews(list.items) });
