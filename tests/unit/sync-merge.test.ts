/**
 * The three-way merge (lib/sync/merge.ts), rule by rule: one side changed, both the same, both
 * differently (password → history, other fields → a conflict copy of the hub's version), histories
 * united, no base.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD_HISTORY_LIMIT, type VaultItem } from '../../lib/protocol/vault-item.ts';
import { CONFLICT_COPY_SUFFIX, conflictCopyTitle, mergeHistories, mergeItems } from '../../lib/sync/merge.ts';

const base: VaultItem = {
  format: 1,
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  content: {
    kind: 'login',
    title: 'Bank',
    notes: 'n',
    fields: [{ name: 'PIN', value: '1234', hidden: true }],
    login: { username: 'me', password: 'p0', websites: [{ url: 'https://bank.example', match: 'site' }], totp: '' },
  },
  favourite: false,
  createdAt: 1000,
  updatedAt: 1000,
  trashedAt: null,
  passwordHistory: [],
};

type Edit = (item: VaultItem) => VaultItem;
const at = (updatedAt: number, edit: Edit): Edit => (item) => ({ ...edit(item), updatedAt });
const content = (patch: Partial<VaultItem['content']>): Edit => (item) => ({ ...item, content: { ...item.content, ...patch } });
const loginPatch = (patch: Partial<NonNullable<VaultItem['content']['login']>>): Edit => (item) => ({
  ...item,
  content: { ...item.content, login: { ...item.content.login!, ...patch } },
});
const options = { newId: () => 'BBBBBBBBBBBBBBBBBBBBBB', now: 9000 };
const merge = (local: Edit, remote: Edit, from: VaultItem | null = base) => mergeItems(from, at(2000, local)(base), at(3000, remote)(base), options);

describe('mergeItems', () => {
  it.each<[string, Edit, (item: VaultItem) => unknown, unknown]>([
    ['title', content({ title: 'My bank' }), (item) => item.content.title, 'My bank'],
    ['notes', content({ notes: 'new notes' }), (item) => item.content.notes, 'new notes'],
    ['custom fields', content({ fields: [] }), (item) => item.content.fields, []],
    ['username', loginPatch({ username: 'you' }), (item) => item.content.login?.username, 'you'],
    ['password', loginPatch({ password: 'p1' }), (item) => item.content.login?.password, 'p1'],
    ['websites', loginPatch({ websites: [] }), (item) => item.content.login?.websites, []],
    ['authenticator secret', loginPatch({ totp: 'JBSWY3DPEHPK3PXP' }), (item) => item.content.login?.totp, 'JBSWY3DPEHPK3PXP'],
    ['favourite', (item) => ({ ...item, favourite: true }), (item) => item.favourite, true],
    ['trashedAt', (item) => ({ ...item, trashedAt: 1500 }), (item) => item.trashedAt, 1500],
  ])('takes the %s from whichever side changed it alone', (_name, edit, read, expected) => {
    const same: Edit = (item) => item;
    const mine = merge(edit, same);
    const theirs = merge(same, edit);
    expect(read(mine.item)).toEqual(expected);
    expect(read(theirs.item)).toEqual(expected);
    expect(mine.conflictCopy).toBeNull();
    expect(theirs.conflictCopy).toBeNull();
  });

  it('merges edits of different fields into one item without a copy', () => {
    const { item, conflictCopy } = merge(content({ title: 'My bank' }), loginPatch({ username: 'you' }));
    expect(item.content.title).toBe('My bank');
    expect(item.content.login?.username).toBe('you');
    expect(conflictCopy).toBeNull();
  });

  it('takes a value both sides changed to the same thing once', () => {
    const { item, conflictCopy } = merge(content({ title: 'Same' }), content({ title: 'Same' }));
    expect(item.content.title).toBe('Same');
    expect(conflictCopy).toBeNull();
  });

  it('keeps our password and puts theirs into the history when both changed it', () => {
    const { item, conflictCopy } = merge(loginPatch({ password: 'mine' }), loginPatch({ password: 'theirs' }));
    expect(item.content.login?.password).toBe('mine');
    expect(item.passwordHistory).toEqual([{ password: 'theirs', changedAt: 3000 }]);
    expect(conflictCopy).toBeNull();
  });

  it('unites both password histories, newest first, without duplicates, capped', () => {
    const shared = { password: 'old', changedAt: 10 };
    const local: Edit = (item) => ({ ...item, passwordHistory: [{ password: 'a', changedAt: 30 }, shared] });
    const remote: Edit = (item) => ({ ...item, passwordHistory: [{ password: 'b', changedAt: 20 }, shared] });
    expect(merge(local, remote).item.passwordHistory).toEqual([{ password: 'a', changedAt: 30 }, { password: 'b', changedAt: 20 }, shared]);
    const many = Array.from({ length: PASSWORD_HISTORY_LIMIT + 5 }, (_, index) => ({ password: `p${index}`, changedAt: index }));
    expect(mergeHistories(many.slice(0, 15), many.slice(15))).toHaveLength(PASSWORD_HISTORY_LIMIT);
    expect(mergeHistories(many)[0]).toEqual(many.at(-1));
  });

  it.each<[string, Edit, Edit]>([
    ['title', content({ title: 'Mine' }), content({ title: 'Theirs' })],
    ['notes', content({ notes: 'mine' }), content({ notes: 'theirs' })],
    ['username', loginPatch({ username: 'mine' }), loginPatch({ username: 'theirs' })],
    ['websites', loginPatch({ websites: [] }), loginPatch({ websites: [{ url: 'https://other.example', match: 'host' }] })],
    ['authenticator secret', loginPatch({ totp: 'AAAA' }), loginPatch({ totp: 'BBBB' })],
    ['custom fields', content({ fields: [] }), content({ fields: [{ name: 'PIN', value: '9999', hidden: true }] })],
  ])('keeps ours and makes a conflict copy of the hub version when both changed the %s', (_name, local, remote) => {
    const { item, conflictCopy } = merge(local, remote);
    expect(item).toEqual({ ...at(2000, local)(base), updatedAt: 3000 });
    const theirs = at(3000, remote)(base);
    expect(conflictCopy).toEqual({
      ...theirs,
      id: 'BBBBBBBBBBBBBBBBBBBBBB',
      content: { ...theirs.content, title: `${theirs.content.title} (conflict copy)` },
      createdAt: 9000,
      updatedAt: 9000,
    });
  });

  it('keeps our trash date when both sides trashed the item (no copy for a date)', () => {
    const { item, conflictCopy } = merge((item) => ({ ...item, trashedAt: 1500 }), (item) => ({ ...item, trashedAt: 1600 }));
    expect(item.trashedAt).toBe(1500);
    expect(conflictCopy).toBeNull();
  });

  it('treats a missing base as an empty item: agreeing fields merge, differing ones conflict', () => {
    expect(merge((item) => item, (item) => item, null).conflictCopy).toBeNull();
    const { item, conflictCopy } = merge(content({ title: 'Mine' }), content({ title: 'Theirs' }), null);
    expect(item.content.title).toBe('Mine');
    expect(conflictCopy?.content.title).toBe('Theirs (conflict copy)');
  });

  it('turns a login into a note when only one side changed the kind, keeping the other password', () => {
    const toNote = content({ kind: 'note', login: null });
    const { item } = merge(toNote, loginPatch({ password: 'p1' }));
    expect(item.content).toMatchObject({ kind: 'note', login: null });
    expect(item.passwordHistory.map((entry) => entry.password)).toEqual(['p1']);
  });

  it('keeps a conflict copy title within 500 characters', () => {
    expect(conflictCopyTitle('x'.repeat(500))).toHaveLength(500);
    expect(conflictCopyTitle('x'.repeat(500)).endsWith(CONFLICT_COPY_SUFFIX)).toBe(true);
  });
});
