/** Sample values the unit tests share, so a change to a protocol type is fixed in one place. */
import type { AccountView } from '../../../lib/protocol/accounts.ts';

/** A not-yet-activated account in region "de"; override what a test is about. */
export function sampleAccount(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 'acc-1',
    email: 'someone@example.com',
    region: 'de',
    language: 'de',
    activated: false,
    marketingConsent: false,
    marketingConsentAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
