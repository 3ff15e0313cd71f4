/**
 * The account's vault keyset, replaced only by compare-and-swap: a write names the version it
 * replaces, and of any number of concurrent writes naming the same version exactly one wins. Each
 * write is one conditional statement (INSERT … ON CONFLICT DO NOTHING for the first, UPDATE … WHERE
 * version = ? after), which both SQLite and PostgreSQL apply atomically, so no lock or retry is needed.
 * The stored bytes are opaque here: nothing below reads, logs or checks them beyond their shape.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { KdfParams, type Keyset, type PutKeysetRequest } from '../../lib/protocol/vault-keyset.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { HubError } from '../http/hub-error.ts';

export interface KeysetServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Called after every stored write with the new version: app.ts publishes the `keyset` notice. */
  onChanged?: (accountId: string, version: number) => Promise<void>;
}

export function createKeysetService(deps: KeysetServiceDeps) {
  const { db, clock } = deps;

  async function currentVersion(accountId: string): Promise<number | null> {
    const row = await db.selectFrom('vault_keysets').select('version').where('account_id', '=', accountId).executeTakeFirst();
    return row ? Number(row.version) : null;
  }

  async function conflict(accountId: string): Promise<HubError> {
    // Read after the failed write, so it may already be newer than what beat us; the client re-reads anyway.
    const current = await currentVersion(accountId);
    return new HubError(409, 'conflict', 'The keyset changed meanwhile: read it again and retry.', { current });
  }

  return {
    async read(accountId: string): Promise<Keyset> {
      const row = await db.selectFrom('vault_keysets').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      if (!row) throw new HubError(404, 'no_keyset', 'No vault exists for this account yet.');
      return { version: Number(row.version), kdf: KdfParams.parse(JSON.parse(row.kdf_json)), salt: row.salt, wrappedKey: row.wrapped_key };
    },

    async write(accountId: string, deviceId: string, request: PutKeysetRequest): Promise<{ version: number }> {
      const stored = {
        kdf_json: JSON.stringify(request.kdf),
        salt: request.salt,
        wrapped_key: request.wrappedKey,
        updated_at: clock(),
        updated_by_device_id: deviceId,
      };
      if (request.replaces === null) {
        // The primary key decides between concurrent first writes; the loser inserts nothing.
        const result = await db
          .insertInto('vault_keysets')
          .values({ account_id: accountId, version: 1, ...stored })
          .onConflict((onConflict) => onConflict.column('account_id').doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) throw await conflict(accountId);
        deps.log.info({ accountId, deviceId, keysetVersion: 1 }, 'vault keyset created');
        await deps.onChanged?.(accountId, 1);
        return { version: 1 };
      }
      const version = request.replaces + 1;
      const result = await db
        .updateTable('vault_keysets')
        .set({ version, ...stored })
        .where('account_id', '=', accountId)
        .where('version', '=', request.replaces)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw await conflict(accountId);
      deps.log.info({ accountId, deviceId, keysetVersion: version }, 'vault keyset replaced');
      await deps.onChanged?.(accountId, version);
      return { version };
    },
  };
}

export type KeysetService = ReturnType<typeof createKeysetService>;
