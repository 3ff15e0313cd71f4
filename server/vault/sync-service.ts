/**
 * Encrypted item storage and the changes API (architecture.md §7). Each account has one revision
 * counter; every applied change takes the next revision, and an item row keeps the revision of its
 * last change, so "changes since N" is every row with a revision above N. The blobs are opaque here:
 * they are stored and handed back as the device sent them, and nothing below reads or logs them.
 *
 * A push batch runs in one transaction that first locks the account's `vault_state` row (an UPDATE
 * of it; PostgreSQL holds the row lock to commit, SQLite runs one writer at a time anyway), so the
 * batches of one account apply one after the other and revisions are unique and gapless.
 *
 * Rules, chosen so that no edit is ever lost (the device merges on a conflict):
 * - a change applies when `baseRevision` is the item's current revision, also when that revision is
 *   a tombstone's (a blob then brings the item back); otherwise it is a conflict carrying the
 *   item as the hub holds it now (a tombstone: `deleted: true`, `blob: null`);
 * - an item the hub has no row of applies whatever `baseRevision` says: there is no version on the
 *   hub it could overwrite (rows are never removed while the account exists, so this happens only
 *   after a restore from an older backup). A deletion of such an item writes a tombstone, so other
 *   devices that may hold the item learn of it;
 * - deleting an item that is already a tombstone is applied without a write, answered with the
 *   tombstone's revision (whatever `baseRevision` says: the outcome the device wanted is there);
 * - the same item twice in one batch: 400 invalid_request, nothing applied;
 * - a batch that would leave more live items than the quota (and adds to the count) is refused
 *   whole: 403 quota_exceeded, nothing applied, and the batchId stays unused;
 * - the same batchId again with the same changes is answered from the first run (applied results
 *   verbatim; a conflict's `current` is read again, so it is what the hub holds now — the same as
 *   the first answer unless the item changed since); the same batchId with other changes is refused
 *   with 409 `conflict` (a device bug, answered loudly instead of silently dropping its changes).
 *   Batch answers are kept 7 days (server/maintenance/janitor.ts).
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import {
  type ChangesPage,
  type ChangesQuery,
  type PushRequest,
  type PushResponse,
  type PushResult,
  type RemoteItem,
  SYNC_LIMITS,
} from '../../lib/protocol/vault-sync.ts';
import type { Clock } from '../clock.ts';
import type { Database, VaultItemsTable } from '../db/schema.ts';
import { HubError } from '../http/hub-error.ts';

/** Base64 characters of blobs in one page of changes; a page always holds at least one item. */
export const PAGE_BLOB_BUDGET = 8 * 1024 * 1024;

export interface SyncServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Live items per account (default SYNC_LIMITS.maxItemsPerAccount; VAULT_MAX_ITEMS). */
  maxItemsPerAccount?: number;
  /**
   * Called after a batch that applied something has committed, with the account's new revision
   * (for "account changed" notices to the account's other devices). Never called for a replayed
   * batch or one that only conflicted. Its failure is logged and does not fail the push.
   */
  onRevision?: (accountId: string, revision: number) => void;
}

type ItemRow = Pick<VaultItemsTable, 'item_id' | 'revision' | 'blob' | 'deleted'>;

/** What is kept of an answer: a conflict without its `current` (re-read when replayed). */
type StoredResult = Exclude<PushResult, { status: 'conflict' }> | { id: string; status: 'conflict' };
interface StoredResponse {
  results: StoredResult[];
  cursor: number;
}

function remoteItem(row: ItemRow): RemoteItem {
  const deleted = Number(row.deleted) === 1;
  return { id: row.item_id, revision: Number(row.revision), blob: deleted ? null : row.blob, deleted };
}

function hashOf(request: PushRequest): string {
  // The body as validated (zod rebuilds it in schema key order), so equal requests hash equally.
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

export function createSyncService(deps: SyncServiceDeps) {
  const { db, clock, log } = deps;
  const maxItems = deps.maxItemsPerAccount ?? SYNC_LIMITS.maxItemsPerAccount;

  async function revisionOf(accountId: string): Promise<number> {
    const row = await db.selectFrom('vault_state').select('revision').where('account_id', '=', accountId).executeTakeFirst();
    return row ? Number(row.revision) : 0;
  }

  async function rowsOf(trx: Transaction<Database>, accountId: string, ids: string[]): Promise<Map<string, ItemRow>> {
    if (ids.length === 0) return new Map();
    const rows = await trx
      .selectFrom('vault_items')
      .select(['item_id', 'revision', 'blob', 'deleted'])
      .where('account_id', '=', accountId)
      .where('item_id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.item_id, row]));
  }

  /** A stored answer with each conflict's `current` read again. */
  async function replay(trx: Transaction<Database>, accountId: string, stored: StoredResponse): Promise<PushResponse> {
    const conflicts = stored.results.filter((result) => result.status === 'conflict').map((result) => result.id);
    const rows = await rowsOf(trx, accountId, conflicts);
    const results = stored.results.map((result): PushResult => {
      if (result.status !== 'conflict') return result;
      const row = rows.get(result.id);
      // Rows are never removed while the account exists; a conflict was only ever about a row.
      if (!row) throw new Error('A stored conflict names an item that no longer exists');
      return { id: result.id, status: 'conflict', current: remoteItem(row) };
    });
    return { results, cursor: stored.cursor };
  }

  async function lockState(trx: Transaction<Database>, accountId: string): Promise<{ revision: number; liveItems: number }> {
    await trx
      .insertInto('vault_state')
      .values({ account_id: accountId, revision: 0, live_items: 0 })
      .onConflict((onConflict) => onConflict.column('account_id').doNothing())
      .execute();
    // A write to the row, so PostgreSQL locks it until this transaction ends (and re-reads it after
    // waiting): the next batch of the account starts only after this one committed.
    const state = await trx
      .updateTable('vault_state')
      .set((eb) => ({ revision: eb.ref('revision') }))
      .where('account_id', '=', accountId)
      .returning(['revision', 'live_items'])
      .executeTakeFirstOrThrow();
    return { revision: Number(state.revision), liveItems: Number(state.live_items) };
  }

  return {
    /** Items and tombstones changed after `since`, oldest first, at most `limit` and about PAGE_BLOB_BUDGET. */
    async changes(accountId: string, query: ChangesQuery): Promise<ChangesPage> {
      // The counter first, and only rows up to it: a push committing meanwhile has revisions above
      // it, so the cursor never passes a change this page did not carry.
      const revision = await revisionOf(accountId);
      // A cursor beyond the counter means the hub is behind the device (restored from an older
      // backup): the answer's cursor is the hub's revision, lower than `since`, which tells the
      // device to read everything again rather than wait for revisions it already counted.
      if (query.since >= revision) return { items: [], cursor: Math.min(query.since, revision), more: false };
      const heads = await db
        .selectFrom('vault_items')
        .select((eb) => ['revision', eb.fn<number | null>('length', ['blob']).as('size')])
        .where('account_id', '=', accountId)
        .where('revision', '>', query.since)
        .where('revision', '<=', revision)
        .orderBy('revision')
        .limit(query.limit + 1)
        .execute();
      let taken = 0;
      let bytes = 0;
      while (taken < heads.length && taken < query.limit) {
        const size = Number(heads[taken]?.size ?? 0);
        if (taken > 0 && bytes + size > PAGE_BLOB_BUDGET) break;
        bytes += size;
        taken += 1;
      }
      const last = heads[taken - 1];
      if (!last) return { items: [], cursor: revision, more: false };
      const more = taken < heads.length;
      const rows = await db
        .selectFrom('vault_items')
        .select(['item_id', 'revision', 'blob', 'deleted'])
        .where('account_id', '=', accountId)
        .where('revision', '>', query.since)
        .where('revision', '<=', Number(last.revision))
        .orderBy('revision')
        .execute();
      return { items: rows.map(remoteItem), cursor: more ? Number(last.revision) : revision, more };
    },

    async push(accountId: string, deviceId: string, request: PushRequest): Promise<PushResponse> {
      const seen = new Set<string>();
      for (const change of request.changes) {
        if (seen.has(change.id)) {
          throw new HubError(400, 'invalid_request', 'changes: an item appears more than once in the batch.', { id: change.id });
        }
        seen.add(change.id);
      }
      const requestHash = hashOf(request);

      const outcome = await db.transaction().execute(async (trx) => {
        const state = await lockState(trx, accountId);
        const stored = await trx
          .selectFrom('vault_batches')
          .select(['request_hash', 'response_json'])
          .where('account_id', '=', accountId)
          .where('batch_id', '=', request.batchId)
          .executeTakeFirst();
        if (stored) {
          if (stored.request_hash !== requestHash) {
            throw new HubError(409, 'conflict', 'This batchId was already used for other changes: send new changes with a new batchId.', {
              batchId: request.batchId,
            });
          }
          return { response: await replay(trx, accountId, JSON.parse(stored.response_json) as StoredResponse), replayed: true, applied: 0 };
        }

        const current = await rowsOf(trx, accountId, [...seen]);
        const now = clock();
        let revision = state.revision;
        let liveItems = state.liveItems;
        const writes: VaultItemsTable[] = [];
        const results: PushResult[] = [];
        for (const change of request.changes) {
          const row = current.get(change.id);
          const deleting = change.deleted === true;
          if (row && deleting && Number(row.deleted) === 1) {
            results.push({ id: change.id, status: 'applied', revision: Number(row.revision) });
            continue;
          }
          if (row && Number(row.revision) !== change.baseRevision) {
            results.push({ id: change.id, status: 'conflict', current: remoteItem(row) });
            continue;
          }
          revision += 1;
          const wasLive = row !== undefined && Number(row.deleted) === 0;
          liveItems += (deleting ? 0 : 1) - (wasLive ? 1 : 0);
          writes.push({
            account_id: accountId,
            item_id: change.id,
            revision,
            blob: deleting ? null : (change.blob ?? null),
            deleted: deleting ? 1 : 0,
            updated_at: now,
            device_id: deviceId,
          });
          results.push({ id: change.id, status: 'applied', revision });
        }
        // An account already over a lowered quota may still edit and delete, just not grow.
        if (liveItems > maxItems && liveItems > state.liveItems) {
          throw new HubError(403, 'quota_exceeded', `A vault holds at most ${maxItems} items: delete some first.`, {
            maxItems,
            items: state.liveItems,
          });
        }

        if (writes.length > 0) {
          await trx
            .insertInto('vault_items')
            .values(writes)
            .onConflict((onConflict) =>
              onConflict.columns(['account_id', 'item_id']).doUpdateSet((eb) => ({
                revision: eb.ref('excluded.revision'),
                blob: eb.ref('excluded.blob'),
                deleted: eb.ref('excluded.deleted'),
                updated_at: eb.ref('excluded.updated_at'),
                device_id: eb.ref('excluded.device_id'),
              })),
            )
            .execute();
          await trx.updateTable('vault_state').set({ revision, live_items: liveItems }).where('account_id', '=', accountId).execute();
        }
        const response: PushResponse = { results, cursor: revision };
        const kept: StoredResponse = {
          cursor: revision,
          results: results.map((result) => (result.status === 'conflict' ? { id: result.id, status: 'conflict' } : result)),
        };
        await trx
          .insertInto('vault_batches')
          .values({ account_id: accountId, batch_id: request.batchId, request_hash: requestHash, response_json: JSON.stringify(kept), created_at: now })
          .execute();
        return { response, replayed: false, applied: writes.length };
      });

      const { response } = outcome;
      const conflicts = response.results.filter((result) => result.status === 'conflict').length;
      log.info(
        { accountId, deviceId, batchId: request.batchId, changes: request.changes.length, applied: outcome.applied, conflicts, revision: response.cursor },
        outcome.replayed ? 'vault batch replayed' : 'vault batch pushed',
      );
      if (outcome.applied > 0 && deps.onRevision) {
        try {
          deps.onRevision(accountId, response.cursor);
        } catch (error) {
          log.warn({ err: error, accountId, revision: response.cursor }, 'vault revision notice failed');
        }
      }
      return response;
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
