/**
 * Opens the hub's database: the embedded SQLite file by default, PostgreSQL when a URL is given.
 * Both go through one Kysely query layer and one set of migrations (run here, at open).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface HubDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, for the start-up banner (no credentials). */
  location: string;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; poolSize?: number; schema?: string };

/** int8 (COUNT(*), bigint epoch-ms columns) as JS numbers: all our values are far below 2^53. */
const PG_INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === PG_INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openDatabase(options: DatabaseOptions): Promise<HubDatabase> {
  const hub = options.kind === 'sqlite' ? openSqlite(options.file) : openPostgres(options);
  try {
    await migrateToLatest(hub.db, hub.kind);
  } catch (error) {
    await hub.close();
    throw error;
  }
  return hub;
}

function openSqlite(file: string): HubDatabase {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, kind: 'sqlite', location: file, close: () => db.destroy() };
}

function openPostgres(options: { url: string; poolSize?: number; schema?: string }): HubDatabase {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: pgTypes,
    // Tests give every run its own schema so reruns and parallel runs never collide.
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const url = new URL(options.url);
  const location = `postgres://${url.host}${url.pathname}${options.schema ? ` (schema ${options.schema})` : ''}`;
  return { db, kind: 'postgres', location, close: () => db.destroy() };
}

async function migrateToLatest(db: Kysely<Database>, kind: DatabaseKind): Promise<void> {
  // On PostgreSQL the migrator looks for its own tables across every schema unless told which one:
  // another schema's `kysely_migration_lock` (a parallel test run, another app in the database)
  // made it skip creating ours and then fail. Name the schema the connection actually uses.
  const schema =
    kind === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
