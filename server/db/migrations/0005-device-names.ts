/**
 * When the user renamed a device (PATCH /v1/devices/:id): a renamed device keeps the user's name when
 * it signs in again, instead of taking the default name the extension sends. Null: never renamed.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('renamed_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('renamed_at').execute();
}
