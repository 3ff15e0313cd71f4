/**
 * A fresh, private database for one hub test: a temporary SQLite file, or its own schema in the
 * PostgreSQL server named by TEST_POSTGRES_URL (default: the machine's local server), dropped after.
 * Which one comes from TESSERA_TEST_DB, set per vitest project (hub-sqlite / hub-postgres).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type HubDatabase, openDatabase } from '../../server/db/database.ts';

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function testDatabaseKind(): 'sqlite' | 'postgres' {
  const kind = process.env.TESSERA_TEST_DB ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`TESSERA_TEST_DB must be sqlite or postgres, not ${kind}`);
  return kind;
}

export function testPostgresUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
}

export interface TestDatabase {
  database: HubDatabase;
  /** For child-process hubs: the env that points a hub at this same database. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function createTestDatabase(kind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-hub-test-'));
    const database = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'tessera.sqlite') });
    return {
      database,
      env: { DATA_DIR: dir },
      async dispose() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const url = testPostgresUrl();
  const schema = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const database = await openDatabase({ kind: 'postgres', url, schema, poolSize: 5 });
  const schemaUrl = new URL(url);
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
  return {
    database,
    env: { DATABASE_URL: schemaUrl.toString() },
    async dispose() {
      await database.close();
      await withAdminClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${error instanceof Error ? error.message : String(error)}). ` +
        'Start it, or set TEST_POSTGRES_URL to a server where the tests may create schemas.',
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
