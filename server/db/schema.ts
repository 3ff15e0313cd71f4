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
  /** When the user renamed it (PATCH /v1/devices/:id); a renamed device keeps its name at sign-in. */
  renamed_at: number | null;
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

/** A Security Check challenge: the answer only as SHA-256(id:ANSWER); single use; bound to a kind. */
export interface CaptchaChallengesTable {
  id: string;
  kind: string;
  answer_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Two-step verification settings of one account (absent row = nothing set up). */
export interface TwoStepTable {
  account_id: string;
  /** E.164; set before it is verified. */
  phone: string | null;
  phone_verified_at: number | null;
  sms_enabled: number;
  /** Base32 TOTP secret once confirmed; the hub must read it to check codes, so it cannot be hashed. */
  totp_secret: string | null;
  /** Secret of an enrolment started but not yet confirmed with a first code. */
  totp_pending_secret: string | null;
  totp_enabled: number;
  /** The last accepted TOTP time step: a code is never accepted twice. */
  totp_last_step: number | null;
  updated_at: number;
}

/** A 6-digit code sent by SMS, stored hashed; `purpose` is 'sign_in' or 'phone_verification'. */
export interface SmsCodesTable {
  id: string;
  account_id: string;
  purpose: string;
  phone: string;
  code_hash: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface RecoveryCodesTable {
  account_id: string;
  code_hash: string;
  used_at: number | null;
}

/**
 * The account's vault keyset (absent row = no vault yet). All three byte strings are kept exactly as
 * the client sent them (base64): the hub only hands them back, it never needs to understand them.
 */
export interface VaultKeysetsTable {
  account_id: string;
  /** 1 for the first keyset, +1 on every compare-and-swap replacement. */
  version: number;
  /** KdfParams (lib/protocol/vault-keyset.ts) as JSON. */
  kdf_json: string;
  salt: string;
  wrapped_key: string;
  updated_at: number;
  updated_by_device_id: string;
}

/** The account's vault revision counter (absent row = revision 0, no items). */
export interface VaultStateTable {
  account_id: string;
  /** The revision of the account's newest change; +1 per applied change. */
  revision: number;
  /** Items that are not tombstones, for the per-account quota. */
  live_items: number;
}

/** One encrypted item (or its tombstone) as the last push left it; the blob is opaque base64. */
export interface VaultItemsTable {
  account_id: string;
  item_id: string;
  revision: number;
  /** null for a tombstone. */
  blob: string | null;
  deleted: number;
  updated_at: number;
  /** The device whose push wrote this row. */
  device_id: string;
}

/** The answer of an applied push batch, kept so a retried batch gets the same answer (swept after 7 days). */
export interface VaultBatchesTable {
  account_id: string;
  batch_id: string;
  /** SHA-256 (hex) of the validated request body. */
  request_hash: string;
  /** The PushResponse as sent. */
  response_json: string;
  created_at: number;
}

export interface Database {
  accounts: AccountsTable;
  activation_tokens: ActivationTokensTable;
  devices: DevicesTable;
  sessions: SessionsTable;
  used_refresh_tokens: UsedRefreshTokensTable;
  dev_outbox: DevOutboxTable;
  captcha_challenges: CaptchaChallengesTable;
  two_step: TwoStepTable;
  sms_codes: SmsCodesTable;
  recovery_codes: RecoveryCodesTable;
  vault_keysets: VaultKeysetsTable;
  vault_state: VaultStateTable;
  vault_items: VaultItemsTable;
  vault_batches: VaultBatchesTable;
}

