/**
 * Background-only (lib/sync is background-only: it holds decrypted items). The three-way merge of
 * one item edited on this device and on the hub since the version both started from (`base`).
 * Invariant: no value either side chose is ever dropped — where both sides changed the same field
 * to different values, this device's value stays in the item and the hub's is kept too: a password
 * in the item's password history, anything else in a conflict copy (a new item holding the hub's
 * whole version, titled "<its title> (conflict copy)"). Pure: no I/O, no clock, no randomness of its own.
 *
 * | field                               | only one side changed | both, same value | both, different values |
 * | ----------------------------------- | --------------------- | ---------------- | ---------------------- |
 * | title, notes, custom fields, username, websites, authenticator secret | that side | that value | local; conflict copy of the remote item |
 * | password                            | that side             | that value       | local; remote password into the history |
 * | kind, favourite                     | that side             | that value       | (two values only: cannot differ) |
 * | trashedAt                           | that side             | that value       | local (both trashed or restored: no copy for a date) |
 * | password history                    | union of both histories, newest first, at most PASSWORD_HISTORY_LIMIT              |
 * | createdAt / updatedAt               | the earlier / the later of the two                                               |
 *
 * No base (the item was never synced here, or the hub's copy at the base revision is a tombstone)
 * counts as an empty item: every field both sides hold differently is a conflict.
 */
import { type ItemContent, PASSWORD_HISTORY_LIMIT, type PasswordHistoryEntry, type VaultItem } from '../protocol/vault-item.ts';

/** Appended to the hub version's title in a conflict copy (the popup lists it like any item). */
export const CONFLICT_COPY_SUFFIX = ' (conflict copy)';

export interface MergeOptions {
  /** A fresh item id for a conflict copy. */
  newId: () => string;
  /** Creation time of a conflict copy. */
  now: number;
}

export interface MergeResult {
  item: VaultItem;
  /** The hub's version under a new id, when a field other than the password conflicted. */
  conflictCopy: VaultItem | null;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => sameValue(value, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  if (keys.length !== Object.keys(right).filter((key) => right[key] !== undefined).length) return false;
  return keys.every((key) => sameValue(left[key], right[key]));
}

type Side = VaultItem | null;
const login = (item: Side) => item?.content.login ?? null;

/** Merged by the table above; `copy`: a conflict here makes a conflict copy. */
const FIELDS = {
  kind: { get: (item: Side) => item?.content.kind, copy: false },
  title: { get: (item: Side) => item?.content.title, copy: true },
  notes: { get: (item: Side) => item?.content.notes, copy: true },
  fields: { get: (item: Side) => item?.content.fields, copy: true },
  username: { get: (item: Side) => login(item)?.username, copy: true },
  password: { get: (item: Side) => login(item)?.password, copy: false },
  websites: { get: (item: Side) => login(item)?.websites, copy: true },
  totp: { get: (item: Side) => login(item)?.totp, copy: true },
  favourite: { get: (item: Side) => item?.favourite, copy: false },
  trashedAt: { get: (item: Side) => item?.trashedAt, copy: false },
} as const;
type FieldName = keyof typeof FIELDS;

export function mergeHistories(...histories: PasswordHistoryEntry[][]): PasswordHistoryEntry[] {
  const seen = new Map<string, PasswordHistoryEntry>();
  for (const entry of histories.flat()) seen.set(`${entry.changedAt}\u0000${entry.password}`, entry);
  return [...seen.values()]
    .sort((a, b) => b.changedAt - a.changedAt || (a.password < b.password ? -1 : a.password > b.password ? 1 : 0))
    .slice(0, PASSWORD_HISTORY_LIMIT);
}

export function mergeItems(base: VaultItem | null, local: VaultItem, remote: VaultItem, options: MergeOptions): MergeResult {
  const merged = {} as Record<FieldName, unknown>;
  let needsCopy = false;
  let passwordConflict = false;
  for (const [name, field] of Object.entries(FIELDS) as [FieldName, (typeof FIELDS)[FieldName]][]) {
    const [was, mine, theirs] = [field.get(base), field.get(local), field.get(remote)];
    if (sameValue(mine, theirs) || sameValue(theirs, was)) merged[name] = mine; // the same, or only we changed it
    else if (sameValue(mine, was)) merged[name] = theirs; // only they changed it
    else {
      merged[name] = mine; // both changed it differently: ours stays, theirs is kept below
      if (field.copy) needsCopy = true;
      if (name === 'password') passwordConflict = true;
    }
  }

  const kind = merged.kind as ItemContent['kind'];
  const history = [local.passwordHistory, remote.passwordHistory];
  const theirPassword = login(remote)?.password ?? '';
  if (passwordConflict && theirPassword !== '') history.push([{ password: theirPassword, changedAt: remote.updatedAt }]);
  const item: VaultItem = {
    format: local.format,
    id: local.id,
    content: {
      kind,
      title: (merged.title as string | undefined) ?? '',
      notes: (merged.notes as string | undefined) ?? '',
      fields: (merged.fields as ItemContent['fields'] | undefined) ?? [],
      login:
        kind === 'login'
          ? {
              username: (merged.username as string | undefined) ?? '',
              password: (merged.password as string | undefined) ?? '',
              websites: (merged.websites as NonNullable<ItemContent['login']>['websites'] | undefined) ?? [],
              totp: (merged.totp as string | undefined) ?? '',
            }
          : null,
    },
    favourite: (merged.favourite as boolean | undefined) ?? false,
    createdAt: Math.min(local.createdAt, remote.createdAt),
    updatedAt: Math.max(local.updatedAt, remote.updatedAt),
    trashedAt: (merged.trashedAt as number | null | undefined) ?? null,
    passwordHistory: mergeHistories(...history),
  };

  const conflictCopy: VaultItem | null = needsCopy
    ? {
        ...remote,
        id: options.newId(),
        content: { ...remote.content, title: conflictCopyTitle(remote.content.title) },
        createdAt: options.now,
        updatedAt: options.now,
      }
    : null;
  return { item, conflictCopy };
}

/** "<title> (conflict copy)", cut so it stays within the title's 500 characters. */
export function conflictCopyTitle(title: string): string {
  return `${title.slice(0, 500 - CONFLICT_COPY_SUFFIX.length)}${CONFLICT_COPY_SUFFIX}`;
}
