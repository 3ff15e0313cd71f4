/** How an account row is shown to its owner. Never includes the password hash. */
import { type AccountView, RegionId } from '../../lib/protocol/accounts.ts';
import { LANGUAGES, type Language } from '../../lib/protocol/regions.ts';
import { toIso, toIsoOrNull } from '../clock.ts';
import type { AccountsTable } from '../db/schema.ts';

export type AccountRow = AccountsTable;

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    email: row.email,
    region: RegionId.parse(row.region),
    language: accountLanguage(row),
    activated: row.activated_at !== null,
    marketingConsent: row.marketing_consent === 1,
    marketingConsentAt: toIsoOrNull(row.marketing_consent_at),
    createdAt: toIso(row.created_at),
  };
}

export function accountLanguage(row: Pick<AccountRow, 'language'>): Language {
  return (LANGUAGES as readonly string[]).includes(row.language) ? (row.language as Language) : 'en';
}
