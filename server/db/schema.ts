/**
 * Table types for Kysely. Times are epoch milliseconds (bigint columns, read back as numbers);
 * flags are 0/1 integers so SQLite and PostgreSQL store them the same way.
 * Secrets are stored only as hashes: Argon2id for account passwords, SHA-256 for random tokens.
 */

export interface AccountsTable {
  id: string;
  /** As the user typed it, trimmed, domain lower-cased. */
  email: string;
  /** Fully lower-cased; unique. */
  email_key: string;
  password_hash: string;
  region: string;
  language: string;
  marketing_consent: number;
  marketing_consent_at: number | null;
  activated_at: number | null;
  /** The browser that created the account: the only one that may sign in before activation. */
  origin_device_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ActivationTokensTable {
  token_hash: string;
  account_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface DevicesTable {
  account_id: string;
  id: string;
  name: string;
  browser: string;
  platform: string;
  created_at: number;
  last_seen_at: number;
}

/** One row per signed-in device: the current access and refresh token hashes. */
export interface SessionsTable {
  id: string;
  account_id: string;
  device_id: string;
  access_hash: string;
  access_expires_at: number;
  refresh_hash: string;
  refresh_expires_at: number;
  created_at: number;
  rotated_at: number;
}

/** Refresh tokens already exchanged; presenting one again means it leaked, so the device is revoked. */
export interface UsedRefreshTokensTable {
  token_hash: string;
  /** The session (token family) it belonged to: reuse revokes that session, not a later sign-in. */
  session_id: string;
  account_id: string;
  device_id: string;
  used_at: number;
}

/** Development outbox: mail (and later SMS and captcha answers) kept instead of delivered. */
export interface DevOutboxTable {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  body_text: string;
  link: string | null;
  created_at: number;
}

export interface Database {
  accounts: AccountsTable;
  activation_tokens: ActivationTokensTable;
  devices: DevicesTable;
  sessions: SessionsTable;
  used_refresh_tokens: UsedRefreshTokensTable;
  dev_outbox: DevOutboxTable;
}

