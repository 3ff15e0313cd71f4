/**
 * Zero-knowledge check (architecture.md §10): reads every table and every column of a hub database
 * and reports each cell that contains one of the given plaintexts. Used after end-to-end runs (the
 * hub must hold no item field, master password or vault key) and by tests/hub/vault-plaintext-scan.test.ts.
 *
 * A needle is found when a cell's text contains it:
 * - as is (case-sensitive);
 * - hex-encoded (its UTF-8 bytes, upper or lower case);
 * - base64-encoded (standard or URL alphabet) at any of the three byte alignments — only the
 *   characters that depend on the needle's bytes alone are compared, and only when there are at
 *   least 8 of them (shorter runs occur by chance in ciphertext), so every alignment is covered from
 *   9 bytes on; shorter needles are matched as text and hex (and base64 where a run is long enough).
 * Binary cells (Buffer / Uint8Array) are searched as their UTF-8 text and their hex. Numbers and
 * booleans are compared as their decimal text. Encrypted data cannot be searched this way by
 * definition; that is the point: only ciphertext may be there.
 *
 * SQLite: every table in sqlite_master. PostgreSQL: every base table of the connection's current
 * schema (information_schema), so parallel test schemas are left alone.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { HubDatabase } from '../../server/db/database.ts';
import type { Database } from '../../server/db/schema.ts';

export interface PlaintextFinding {
  table: string;
  column: string;
  needle: string;
  encoding: 'text' | 'hex' | 'base64';
}

/** A database already open (a test hub's), or where to open one (an end-to-end hub's). */
export type ScanTarget = Kysely<Database> | Pick<HubDatabase, 'db' | 'kind'> | { sqliteFile: string } | { postgresUrl: string };

/** Shorter fragments would turn up by chance in kilobytes of random base64 (ciphertext). */
const MIN_BASE64_FRAGMENT = 8;

/** Base64 fragments that every encoding of a text containing `bytes` must contain, per alignment. */
function base64Fragments(bytes: Buffer): string[] {
  const fragments: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    // Characters of the first group mix in the padding bytes when offset > 0; the last group may mix
    // in whatever follows the needle unless the needle ends on a group boundary.
    const start = offset === 0 ? 0 : 4;
    const total = offset + bytes.length;
    const end = total % 3 === 0 ? encoded.length : Math.floor(total / 3) * 4;
    const fragment = encoded.slice(start, end);
    if (fragment.length >= MIN_BASE64_FRAGMENT) fragments.push(fragment, fragment.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...new Set(fragments)];
}

interface Matcher {
  needle: string;
  /** `lower` is `text.toLowerCase()`, computed once per cell. */
  test(text: string, lower: string): PlaintextFinding['encoding'] | null;
}

function matcherFor(needle: string): Matcher {
  const bytes = Buffer.from(needle, 'utf8');
  const hex = bytes.toString('hex');
  const fragments = base64Fragments(bytes);
  return {
    needle,
    test(text, lower) {
      if (text.includes(needle)) return 'text';
      if (lower.includes(hex)) return 'hex';
      if (fragments.some((fragment) => text.includes(fragment))) return 'base64';
      return null;
    },
  };
}

function cellTexts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (value instanceof Uint8Array) {
    const buffer = Buffer.from(value);
    return [buffer.toString('utf8'), buffer.toString('hex')];
  }
  if (value instanceof Date) return [value.toISOString()];
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value as number | boolean | bigint)];
}

async function tableNames(db: Kysely<unknown>, kind: 'sqlite' | 'postgres'): Promise<string[]> {
  if (kind === 'sqlite') {
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
    return rows.rows.map((row) => row.name);
  }
  const rows = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.rows.map((row) => row.name);
}

async function scanOpen(db: Kysely<unknown>, kind: 'sqlite' | 'postgres', needles: string[]): Promise<PlaintextFinding[]> {
  const matchers = needles.filter((needle) => needle.length > 0).map(matcherFor);
  const found = new Map<string, PlaintextFinding>();
  for (const table of await tableNames(db, kind)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        for (const text of cellTexts(value)) {
          const lower = text.toLowerCase();
          for (const matcher of matchers) {
            const encoding = matcher.test(text, lower);
            if (!encoding) continue;
            const finding = { table, column, needle: matcher.needle, encoding };
            found.set(JSON.stringify(finding), finding);
          }
        }
      }
    }
  }
  return [...found.values()];
}

function isKysely(target: ScanTarget): target is Kysely<Database> {
  return target instanceof Kysely;
}

/** Every (table, column, needle) where a needle shows in the database; [] when none does. */
export async function scanDatabaseFor(target: ScanTarget, needles: string[]): Promise<PlaintextFinding[]> {
  if (isKysely(target)) {
    const kind = target.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    return scanOpen(target as unknown as Kysely<unknown>, kind, needles);
  }
  if ('db' in target) return scanOpen(target.db as unknown as Kysely<unknown>, target.kind, needles);
  if ('sqliteFile' in target) return scanSqliteFileFor(target.sqliteFile, needles);
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.postgresUrl, max: 1 }) }) });
  try {
    return await scanOpen(db, 'postgres', needles);
  } finally {
    await db.destroy();
  }
}

/** The same for an SQLite file (e.g. `<DATA_DIR>/tessera.sqlite` of an end-to-end hub, running or not). */
export async function scanSqliteFileFor(file: string, needles: string[]): Promise<PlaintextFinding[]> {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file, { fileMustExist: true }) }) });
  try {
    return await scanOpen(db, 'sqlite', needles);
  } finally {
    await db.destroy();
  }
}
