/**
 * Sync schemas of the hub API (v1), architecture.md §7: items as opaque encrypted blobs with a
 * per-account revision counter, pulled as "changes since a cursor" and pushed in idempotent batches,
 * plus the notices the hub sends over the `/v1/events` WebSocket. The hub validates the envelope
 * (ids, sizes, base64) and never looks inside a blob. Pure TS + zod, every context.
 */
import { z } from 'zod';
import { base64Text } from './base64-text.ts';
import { ItemId } from './vault-item.ts';

/** Documented quotas (README "Sync"); the hub answers `item_too_large` / `quota_exceeded` past them. */
export const SYNC_LIMITS = {
  /** Decoded bytes of one item blob. A login with long notes and many fields stays far below it. */
  maxBlobBytes: 512 * 1024,
  /** Items (tombstones excluded) one account may hold. */
  maxItemsPerAccount: 50_000,
  /** Changes in one `POST /v1/vault/changes`. */
  maxChangesPerBatch: 500,
  /** Items in one page of `GET /v1/vault/changes`. */
  maxPageSize: 1000,
  defaultPageSize: 500,
} as const;

export const ItemBlob = base64Text({ max: SYNC_LIMITS.maxBlobBytes, min: 1 });

/** `GET /v1/vault/changes?since=<cursor>&limit=<n>`; since omitted or 0 = everything. */
export const ChangesQuery = z.strictObject({
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.maxPageSize).default(SYNC_LIMITS.defaultPageSize),
});
export type ChangesQuery = z.infer<typeof ChangesQuery>;

/** An item as the hub holds it. A tombstone has `deleted: true` and `blob: null`. */
export const RemoteItem = z.strictObject({
  id: ItemId,
  revision: z.number().int().min(1),
  blob: ItemBlob.nullable(),
  deleted: z.boolean(),
});
export type RemoteItem = z.infer<typeof RemoteItem>;

/**
 * One page of changes, oldest revision first. `cursor` is the revision to ask from next (the
 * account's revision when `more` is false); an unchanged vault answers `{ items: [], cursor: since, more: false }`.
 * A `since` beyond the account's revision (the hub was restored from an older backup) is answered
 * with the revision itself, lower than `since`: the device reads everything again.
 */
export const ChangesPage = z.strictObject({
  items: z.array(RemoteItem),
  cursor: z.number().int().min(0),
  more: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;

/**
 * One change in a push: a new or edited item (`blob`) or a deletion (`deleted: true`), based on the
 * revision the device last saw of it (`0` = a new item).
 */
export const PushChange = z
  .strictObject({
    id: ItemId,
    baseRevision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    blob: ItemBlob.optional(),
    deleted: z.literal(true).optional(),
  })
  .refine((change) => (change.blob === undefined) !== (change.deleted === undefined), {
    message: 'A change carries either a blob or deleted: true.',
  });
export type PushChange = z.infer<typeof PushChange>;

export const PushRequest = z.strictObject({
  /** Made by the device per batch; the same batch sent again (a retry) is answered from the first run. */
  batchId: z.uuid(),
  changes: z.array(PushChange).min(1).max(SYNC_LIMITS.maxChangesPerBatch),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const PushResult = z.discriminatedUnion('status', [
  z.strictObject({ id: ItemId, status: z.literal('applied'), revision: z.number().int().min(1) }),
  /** `baseRevision` was not the item's current revision; `current` is what the hub holds now. */
  z.strictObject({ id: ItemId, status: z.literal('conflict'), current: RemoteItem }),
]);
export type PushResult = z.infer<typeof PushResult>;

export const PushResponse = z.strictObject({ results: z.array(PushResult), cursor: z.number().int().min(0) });
export type PushResponse = z.infer<typeof PushResponse>;

/**
 * `/v1/events` (WebSocket). The device sends `hello` with its access token as the first message
 * (browsers cannot set headers on a WebSocket; a token in the URL would end up in logs); the hub
 * answers `ready` or closes with 4401. Then the hub pushes notices; the device may send `ping`.
 */
export const EVENTS_CLOSE_UNAUTHORIZED = 4401;
export const EVENTS_HELLO_TIMEOUT_MS = 5_000;

export const ClientEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), accessToken: z.string().min(1).max(512) }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientEvent = z.infer<typeof ClientEvent>;

export const HubEvent = z.discriminatedUnion('type', [
  /** After hello: the account's revision and keyset version right now. */
  z.strictObject({ type: z.literal('ready'), revision: z.number().int().min(0), keysetVersion: z.number().int().min(0) }),
  /** The account's vault is now at this revision (someone pushed). */
  z.strictObject({ type: z.literal('revision'), revision: z.number().int().min(0) }),
  /** The keyset was replaced (master password changed on another device). */
  z.strictObject({ type: z.literal('keyset'), version: z.number().int().min(1) }),
  /** This device was signed out (remotely or by refresh-token reuse); the hub closes the socket next. */
  z.strictObject({ type: z.literal('signed_out') }),
  z.strictObject({ type: z.literal('pong') }),
]);
export type HubEvent = z.infer<typeof HubEvent>;
