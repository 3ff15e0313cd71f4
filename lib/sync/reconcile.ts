/**
 * Background-only. What one item the hub holds (pulled, or answered as a push conflict's `current`)
 * does to this device's copy, decided from the local record and its outbox entry. Invariants: a local
 * change waiting in the outbox is never overwritten — it is merged (lib/sync/merge.ts) and stays
 * queued; a blob that does not decrypt is stored as it is and never merged into or overwritten by a merge.
 *
 * | local                         | hub: newer edit                        | hub: tombstone                         |
 * | ----------------------------- | -------------------------------------- | -------------------------------------- |
 * | no record, nothing queued     | store it                               | nothing                                |
 * | record, nothing queued        | take it                                | delete the record                      |
 * | record with a queued edit     | three-way merge, still queued (none left when the merge equals the hub's) | keep the edit: re-created on push, based on the tombstone |
 * | deletion queued               | the edit wins: store it, drop the deletion | both deleted: drop the deletion     |
 * A hub copy no newer than the local one (our own push coming back) changes nothing.
 */
import type { RemoteItem } from '../protocol/vault-sync.ts';
import type { VaultItem } from '../protocol/vault-item.ts';
import { fromBase64 } from '../crypto/base64.ts';
import type { OutboxEntry, StoredItem } from '../state/local-database.ts';
import { ItemUndecryptableError, newItemId, openItem, sealItem } from '../vault/item-codec.ts';
import { entryOf, type ListingEntry, undecryptableEntry } from '../vault/preview.ts';
import { conflictCopyTitle, mergeItems, sameValue } from './merge.ts';

/** Item, outbox and listing writes, gathered to be committed in one transaction. */
export class ChangeSet {
  readonly put = new Map<string, { record: StoredItem; entry: ListingEntry }>();
  readonly remove = new Set<string>();
  readonly outboxPut = new Map<string, OutboxEntry>();
  readonly outboxRemove = new Set<string>();
  /** Conflict copies made (for the status and tests). */
  conflictCopies = 0;

  putRecord(record: StoredItem, entry: ListingEntry): void {
    this.remove.delete(record.id);
    this.put.set(record.id, { record, entry });
  }

  removeRecord(id: string): void {
    this.put.delete(id);
    this.remove.add(id);
  }

  queue(entry: OutboxEntry): void {
    this.outboxRemove.delete(entry.itemId);
    this.outboxPut.set(entry.itemId, entry);
  }

  unqueue(id: string): void {
    this.outboxPut.delete(id);
    this.outboxRemove.add(id);
  }

  get empty(): boolean {
    return this.put.size + this.remove.size + this.outboxPut.size + this.outboxRemove.size === 0;
  }
}

export interface ReconcileContext {
  vaultKey: Uint8Array;
  now: number;
  changes: ChangeSet;
}

function tryOpen(vaultKey: Uint8Array, record: StoredItem): VaultItem | null {
  try {
    return openItem(vaultKey, record);
  } catch (error) {
    if (error instanceof ItemUndecryptableError) return null;
    throw error;
  }
}

/** The hub's copy as a local record (blob = base: nothing of ours on top). */
function remoteRecord(vaultKey: Uint8Array, remote: RemoteItem & { blob: string }, now: number): { record: StoredItem; item: VaultItem | null; entry: ListingEntry } {
  const blob = fromBase64(remote.blob);
  const draft: StoredItem = { id: remote.id, blob, base: blob, revision: remote.revision, updatedAt: now };
  const item = tryOpen(vaultKey, draft);
  const record = item ? { ...draft, updatedAt: item.updatedAt } : draft;
  return { record, item, entry: item ? entryOf(item) : undecryptableEntry(record) };
}

/** A new item (a conflict copy, with its own id already), queued for the hub. */
function addCopy(context: ReconcileContext, copy: VaultItem): void {
  const record = sealItem(context.vaultKey, copy, 0, null);
  context.changes.putRecord(record, entryOf(copy));
  context.changes.queue({ itemId: copy.id, deleted: false, baseRevision: 0, queuedAt: context.now, failed: null });
  context.changes.conflictCopies += 1;
}

export function reconcile(context: ReconcileContext, remote: RemoteItem, record: StoredItem | undefined, entry: OutboxEntry | undefined): void {
  const { vaultKey, now, changes } = context;
  const queuedEdit = entry && !entry.deleted ? entry : undefined;

  if (!record) {
    if (entry?.deleted) {
      if (remote.revision <= entry.baseRevision) return; // the very version we deleted: the deletion stands
      changes.unqueue(remote.id); // deleted here, edited there: the edit wins, the deletion is dropped
    }
    if (remote.deleted || remote.blob === null) return;
    const taken = remoteRecord(vaultKey, { ...remote, blob: remote.blob }, now);
    changes.putRecord(taken.record, taken.entry);
    return;
  }

  if (remote.revision <= record.revision) return; // nothing newer than what we have (our own push, coming back)

  if (!queuedEdit) {
    if (entry) changes.unqueue(remote.id); // a stray deletion entry next to a live record
    if (remote.deleted || remote.blob === null) changes.removeRecord(remote.id);
    else {
      const taken = remoteRecord(vaultKey, { ...remote, blob: remote.blob }, now);
      changes.putRecord(taken.record, taken.entry);
    }
    return;
  }

  const local = tryOpen(vaultKey, record);
  if (remote.deleted || remote.blob === null) {
    // Deleted there, edited here: the edit is kept and brought back, based on the tombstone.
    if (!local) return changes.removeRecord(remote.id); // cannot happen: undecryptable items are never edited here
    changes.putRecord({ ...record, revision: remote.revision, base: null }, entryOf(local));
    return;
  }

  const taken = remoteRecord(vaultKey, { ...remote, blob: remote.blob }, now);
  if (!local || !taken.item) {
    // One side does not decrypt: nothing can be merged. The hub's blob is stored as it is; our
    // version (if readable) lives on as a new item, so neither is lost.
    if (local) addCopy(context, { ...local, id: newItemId(), content: { ...local.content, title: conflictCopyTitle(local.content.title) } });
    changes.putRecord(taken.record, taken.entry);
    changes.unqueue(remote.id);
    return;
  }

  const baseItem = record.base ? tryOpen(vaultKey, { ...record, blob: record.base }) : null;
  const merged = mergeItems(baseItem, local, taken.item, { newId: newItemId, now });
  if (merged.conflictCopy) addCopy(context, merged.conflictCopy);
  if (sameValue(merged.item, taken.item)) {
    // Nothing of ours is left on top of the hub's version: take its blob, nothing to push.
    changes.putRecord(taken.record, taken.entry);
    changes.unqueue(remote.id);
    return;
  }
  const sealed = sealItem(vaultKey, merged.item, remote.revision, taken.record.blob);
  changes.putRecord(sealed, entryOf(merged.item));
  changes.queue({ ...queuedEdit, failed: null });
}
