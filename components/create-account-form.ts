/**
 * The Create Account form's checks, run as the user types — the same rules the hub enforces
 * (lib/protocol), so the hub's answer is rarely a surprise.
 */
import { normalizeEmail } from '../lib/protocol/email.ts';
import { isCommonPassword, type PasswordRule, unmetPasswordRules } from '../lib/protocol/password-rules.ts';
import { findRegion, REGIONS, type RegionId } from '../lib/protocol/regions.ts';

export interface CreateAccountFields {
  email: string;
  password: string;
  confirm: string;
  region: string;
  marketingConsent: boolean;
}

export interface CreateAccountCheck {
  emailValid: boolean;
  unmetRules: PasswordRule[];
  /** null while the common-password list is still loading. */
  common: boolean | null;
  confirmMatches: boolean;
  regionValid: boolean;
  ready: boolean;
}

export function checkCreateAccount(fields: CreateAccountFields, commonList: ReadonlySet<string> | null): CreateAccountCheck {
  const emailValid = normalizeEmail(fields.email) !== null;
  const unmetRules = unmetPasswordRules(fields.password);
  const common = commonList ? isCommonPassword(fields.password, commonList) : null;
  const confirmMatches = fields.confirm.length > 0 && fields.confirm === fields.password;
  const regionValid = findRegion(fields.region) !== undefined;
  return {
    emailValid,
    unmetRules,
    common,
    confirmMatches,
    regionValid,
    ready: emailValid && unmetRules.length === 0 && common !== true && confirmMatches && regionValid,
  };
}

/** A sensible first choice from the browser's locale ("de-AT" → "at", "en-US" → "us"), or "". */
export function regionFromLocale(locale: string): RegionId | '' {
  const country = locale.split(/[-_]/)[1]?.toLowerCase();
  const match = REGIONS.find((region) => region.id === country);
  return match ? match.id : '';
}
