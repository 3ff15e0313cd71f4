/**
 * Encrypted vault items and the per-account revision counter (architecture.md §7), plus the answers
 * of push batches already applied, so a retried batch is answered from its first run.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per account that ever pushed: the revision counter (the row a push locks) and the number
  // of live items, kept in step by every push so the quota check does not count 50,000 rows.
  await db.schema
    .createTable('vault_state')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('live_items', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('vault_items')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    // Base64 text as the device sent it; null for a tombstone.
    .addColumn('blob', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_items_pk', ['account_id', 'item_id'])
    .execute();
  await db.schema.createIndex('vault_items_changes').on('vault_items').columns(['account_id', 'revision']).execute();

  await db.schema
    .createTable('vault_batches')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('batch_id', 'text', (c) => c.notNull())
    // SHA-256 of the request as validated: the same batchId with other changes is refused.
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_batches_pk', ['account_id', 'batch_id'])
    .execute();
  await db.schema.createIndex('vault_batches_age').on('vault_batches').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('vault_batches').execute();
  await db.schema.dropTable('vault_items').execute();
  await db.schema.dropTable('vault_state').execute();
}
