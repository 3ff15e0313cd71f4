/**
 * The shape of a vault item — the JSON that is encrypted into an item blob (architecture.md §3) —
 * and the preview the popup lists. Pure zod, safe in every context; the background parses every
 * decrypted item with these schemas, the popup imports the types only.
 *
 * `ITEM_FORMAT` versions the plaintext JSON inside the blob; the blob's own version byte versions
 * the encryption. A later format adds a migration in lib/vault, never a silent reinterpretation.
 */
import { z } from 'zod';

export const ITEM_FORMAT = 1;

/** Random ids made by the extension: 128 bits, base64url (22 characters). */
export const ItemId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
export type ItemId = z.infer<typeof ItemId>;

/** How a website address matches a page (autofill uses it; "site" = same registrable domain). */
export const MATCH_MODES = ['site', 'host', 'startsWith', 'never'] as const;
export const MatchMode = z.enum(MATCH_MODES);
export type MatchMode = z.infer<typeof MatchMode>;

export const Website = z.strictObject({ url: z.string().max(2048), match: MatchMode });
export type Website = z.infer<typeof Website>;

export const CustomField = z.strictObject({
  name: z.string().max(200),
  value: z.string().max(10_000),
  /** Shown as dots until revealed, like a password. */
  hidden: z.boolean(),
});
export type CustomField = z.infer<typeof CustomField>;

export const LoginFields = z.strictObject({
  username: z.string().max(1000),
  password: z.string().max(1000),
  websites: z.array(Website).max(50),
  /** An authenticator secret: base32 text or an otpauth:// URI; "" = none. */
  totp: z.string().max(2048),
});
export type LoginFields = z.infer<typeof LoginFields>;

export const ITEM_KINDS = ['login', 'note'] as const;
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;

/** What the user edits: the editor sends this; the background adds ids, times and history. */
export const ItemContent = z.strictObject({
  kind: ItemKind,
  title: z.string().max(500),
  notes: z.string().max(100_000),
  fields: z.array(CustomField).max(100),
  /** Present for kind "login", null for a secure note. */
  login: LoginFields.nullable(),
});
export type ItemContent = z.infer<typeof ItemContent>;

export const PasswordHistoryEntry = z.strictObject({ password: z.string().max(1000), changedAt: z.number().int() });
export type PasswordHistoryEntry = z.infer<typeof PasswordHistoryEntry>;

/** Previous passwords kept per item, newest first. */
export const PASSWORD_HISTORY_LIMIT = 20;
/** Items in the trash are deleted for good after this long. */
export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The whole item as it is encrypted (blob plaintext). */
export const VaultItem = z.strictObject({
  format: z.literal(ITEM_FORMAT),
  id: ItemId,
  content: ItemContent,
  favourite: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** When it was moved to the trash (epoch ms); null when not in the trash. */
  trashedAt: z.number().int().nullable(),
  passwordHistory: z.array(PasswordHistoryEntry).max(PASSWORD_HISTORY_LIMIT),
});
export type VaultItem = z.infer<typeof VaultItem>;

/**
 * What the list shows and searches: no password, no notes, no field values. `problem` marks an item
 * whose blob did not decrypt — it is listed (and kept) so the user can see something is wrong.
 */
export interface ItemPreview {
  id: string;
  kind: ItemKind;
  title: string;
  username: string;
  /** Host names of the item's websites, for display and search. */
  hosts: string[];
  favourite: boolean;
  hasTotp: boolean;
  updatedAt: number;
  trashedAt: number | null;
  problem: 'undecryptable' | null;
}
