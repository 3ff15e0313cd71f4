/**
 * Content-safe (architecture.md §8): runs in every frame, imports nothing background-only.
 * Classifies one <input> as a sign-in field kind from the page's own hints: the `autocomplete`
 * tokens first (HTML spec, authoritative when present), then type, name/id, labels and placeholder.
 */

export type FieldKind = 'password-current' | 'password-new' | 'username' | 'one-time-code' | 'search' | 'other';

/** Input types that can hold a typed credential; everything else (hidden, checkbox, date, …) is `other`. */
const TEXT_TYPES = new Set(['text', 'email', 'tel', 'number', 'search', 'url', 'password']);

const USERNAME_FIELDS = new Set(['username', 'email', 'tel', 'tel-national', 'tel-local']);
const USERNAME_HINT =
  /user|login|log.?in|log.?on|sign.?in|e.?mail|mail|account|konto|benutzer|nutzer|anmeld|kennung|identifi|courriel|utilisateur|connexion|compte|phone|telefon|téléphone|mobile|handy|handle|member|^id$|^uid$/;
const SEARCH_HINT = /search|such|recherch|^q$|^s$|^query$|^keywords?$/;
const OTP_HINT = /otp|totp|one.?time|2fa|mfa|two.?factor|verification|verif|security.?code|auth.*code|sms.?code|^code$|[^a-z]code$|^token$|einmal|bestätigungscode|sicherheitscode|code.?de.?(vérification|sécurité)/;
const NOT_OTP_HINT = /zip|postal|post.?code|plz|promo|coupon|discount|voucher|gift|country|area|captcha|referral|invit/;
const NEW_PASSWORD_HINT = /\b(?:new|confirm|repeat|retype|re.?enter|again|verify|neu|wiederhol|bestätig|nouveau|nouvelle|répét|create|choose|erstell)/;
const CURRENT_PASSWORD_HINT = /\b(?:current|old|existing|alt|bisherig|aktuell|ancien|actuel)/;

/** The parsed `autocomplete` attribute: the field name (last token, `webauthn` dropped) or off. */
export function autocompleteField(input: HTMLInputElement): string | undefined {
  const tokens = (input.getAttribute('autocomplete') ?? '').toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (tokens.at(-1) === 'webauthn') tokens.pop();
  // Optional prefixes per the spec: section-*, shipping|billing, home|work|mobile|fax|pager.
  return tokens.at(-1);
}

/**
 * `label[for]` text by id, per document or shadow root, built with one querySelectorAll. Not
 * `input.labels`: Chromium builds that list by walking the whole tree, per input, the first time —
 * 2,000 inputs on a 50,000-element page cost 1.8 s (the benchmark page in tests/fixtures/autofill).
 * Maps are shared only inside `withLabelCache` (one scan), so they never describe an older DOM.
 */
let labelMaps: WeakMap<Node, Map<string, string>> | null = null;
/** Each field's hint words, also kept for one scan only: classifying asks for them up to five times. */
let hintCache: WeakMap<HTMLInputElement, string[]> | null = null;

export function withLabelCache<T>(scan: () => T): T {
  const [outerLabels, outerHints] = [labelMaps, hintCache];
  labelMaps ??= new WeakMap();
  hintCache ??= new WeakMap();
  try {
    return scan();
  } finally {
    [labelMaps, hintCache] = [outerLabels, outerHints];
  }
}

function labelMapOf(root: Document | ShadowRoot): Map<string, string> {
  let map = labelMaps?.get(root);
  if (!map) {
    map = new Map();
    for (const label of Array.from(root.querySelectorAll?.('label[for]') ?? [])) {
      const id = (label as HTMLLabelElement).htmlFor;
      map.set(id, `${map.get(id) ?? ''} ${label.textContent ?? ''}`);
    }
    labelMaps?.set(root, map);
  }
  return map;
}

function labelsFor(input: HTMLInputElement): string[] {
  const texts: string[] = [];
  const wrapping = input.closest('label');
  if (wrapping && !wrapping.htmlFor) texts.push(wrapping.textContent ?? '');
  if (!input.id) return texts;
  const text = labelMapOf(input.getRootNode() as Document | ShadowRoot).get(input.id);
  if (text) texts.push(text);
  return texts;
}

/** Lower-cased text the page uses to describe the field: name, id, labels, placeholder, aria. */
export function fieldHints(input: HTMLInputElement): string {
  const parts: (string | null | undefined)[] = [input.name, input.id, input.getAttribute('placeholder'), input.getAttribute('aria-label'), input.title];
  parts.push(...labelsFor(input));
  const labelledBy = input.getAttribute('aria-labelledby');
  if (labelledBy) {
    const root = input.getRootNode() as Document | ShadowRoot;
    for (const id of labelledBy.split(/\s+/)) parts.push(root.getElementById?.(id)?.textContent);
  }
  // userName → user name, so camelCase names match the same words as labels.
  return parts
    .filter(Boolean)
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** The hint text as single words plus the whole phrase (for multi-word patterns). */
function hintWords(input: HTMLInputElement): string[] {
  const cached = hintCache?.get(input);
  if (cached) return cached;
  const text = fieldHints(input);
  const words = text.split(/[\s_\-.:[\]()*]+/).filter(Boolean).concat(text);
  hintCache?.set(input, words);
  return words;
}

const anyMatch = (words: string[], pattern: RegExp) => words.some((word) => pattern.test(word));

/** For a password input: what the page says it is for, if anything. */
export function passwordHint(input: HTMLInputElement): 'current' | 'new' | undefined {
  const field = autocompleteField(input);
  if (field === 'current-password') return 'current';
  if (field === 'new-password') return 'new';
  const words = hintWords(input);
  if (anyMatch(words, CURRENT_PASSWORD_HINT)) return 'current';
  if (anyMatch(words, NEW_PASSWORD_HINT)) return 'new';
  return undefined;
}

export function isSearchField(input: HTMLInputElement): boolean {
  if (input.type === 'search' || autocompleteField(input) === 'search') return true;
  if (input.closest('[role="search"], search')) return true;
  return anyMatch(hintWords(input), SEARCH_HINT) && !anyMatch(hintWords(input), USERNAME_HINT);
}

function isOneTimeCode(input: HTMLInputElement, field: string | undefined): boolean {
  if (field === 'one-time-code') return true;
  if (field && field !== 'off' && field !== 'on') return false;
  const words = hintWords(input);
  if (anyMatch(words, NOT_OTP_HINT)) return false;
  const numeric = input.inputMode === 'numeric' || input.type === 'number' || input.type === 'tel';
  // A box of a split code: one character, numeric keyboard (or named like one).
  if (input.maxLength === 1 && (numeric || anyMatch(words, OTP_HINT) || anyMatch(words, /digit|ziffer|chiffre/))) return true;
  return anyMatch(words, OTP_HINT) && !anyMatch(words, USERNAME_HINT);
}

export function classifyField(input: HTMLInputElement): FieldKind {
  const type = input.type.toLowerCase();
  if (!TEXT_TYPES.has(type)) return 'other';
  const field = autocompleteField(input);
  if (isOneTimeCode(input, field)) return 'one-time-code';
  if (type === 'password') return passwordHint(input) === 'new' ? 'password-new' : 'password-current';
  if (isSearchField(input)) return 'search';
  if (field && USERNAME_FIELDS.has(field)) return 'username';
  // Any other spec field name (given-name, address-line1, cc-number, …) says what the field is.
  if (field && field !== 'off' && field !== 'on') return 'other';
  if (type === 'email') return 'username';
  if (type === 'number' || type === 'url') return 'other';
  return anyMatch(hintWords(input), USERNAME_HINT) ? 'username' : 'other';
}

/** Text inputs that may hold a username by position alone (the field just before a password). */
export function isTextLike(input: HTMLInputElement): boolean {
  return ['text', 'email', 'tel', ''].includes(input.type.toLowerCase());
}
