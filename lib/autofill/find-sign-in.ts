/**
 * Content-safe (architecture.md §8). Turns the inputs of a page into logical sign-in forms and
 * keeps the rule "never offer the old password for new-password fields": in a change-password form
 * only `password` may receive a stored password; `newPasswords` are for the generator.
 */
import { autocompleteField, fieldHints, passwordHint } from './field-kinds.ts';
import { candidateFields, collectInputs, groupFields, withScanCache, type Field, type ScanRoot } from './collect.ts';
import { isTag, shadowRootOf } from './dom.ts';
import type { LayoutView } from './visibility.ts';

import type { SignInKind } from './sign-in-kind.ts';

export type { SignInKind };

export interface SignInForm {
  kind: SignInKind;
  /** The `<form>`, or the nearest element holding all fields of a form-less group. */
  container: Element;
  username?: HTMLInputElement;
  /** The current password: the only field a stored password may go into. */
  password?: HTMLInputElement;
  newPasswords: HTMLInputElement[];
  /** One field, or the boxes of a split code in document order. */
  otp: HTMLInputElement[];
  submit?: HTMLElement;
}

const NEXT_WORDS = /next|continue|weiter|fortfahren|suivant|continuer|sign.?in|log.?in|anmelden|einloggen|connexion|se connecter|s'identifier/i;
const NEWSLETTER_WORDS = /newsletter|subscri|abonn|mailing.?list|rundbrief|notify me|benachrichtig|stay (up|in)|inscri(vez|ption)|get updates/i;
const BUTTONS = 'button, input[type="submit"], input[type="image"], input[type="button"], [role="button"]';

const buttonText = (el: Element) =>
  `${el.textContent ?? ''} ${(el as HTMLInputElement).value ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('title') ?? ''}`;
const follows = (el: Element, ref: Element) => !!(ref.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
const isSubmitType = (el: Element) =>
  (isTag(el, 'button') && el.type === 'submit') || (isTag(el, 'input') && (el.type === 'submit' || el.type === 'image'));

/** The button that sends the form: a submit button after the last field, else any button there. */
function findSubmit(container: Element, last: HTMLInputElement): HTMLElement | undefined {
  for (let scope: Element | null = container, level = 0; scope && level < 4; scope = scope.parentElement, level++) {
    // A shadow host holding the fields: look inside its shadow root.
    const shadow = shadowRootOf(scope);
    const within = shadow && last.getRootNode() === shadow ? shadow : scope;
    const buttons = Array.from(within.querySelectorAll<HTMLElement>(BUTTONS)).filter((b) => !b.hidden && follows(b, last));
    const pick = buttons.find(isSubmitType) ?? buttons.find((b) => NEXT_WORDS.test(buttonText(b))) ?? buttons[0];
    if (pick) return pick;
    if (isTag(container, 'form')) return undefined; // a form's own button or none
  }
  return undefined;
}

function nearestBefore(fields: Field[], index: number, accept: (f: Field) => boolean): HTMLInputElement | undefined {
  for (let i = index - 1; i >= 0; i--) if (accept(fields[i]!)) return fields[i]!.input;
  return undefined;
}

function passwordForm(fields: Field[], container: Element): Omit<SignInForm, 'submit'> {
  const passwords = fields.filter((f) => f.kind.startsWith('password')).map((f) => f.input);
  const hints = passwords.map(passwordHint);
  const firstIndex = fields.findIndex((f) => f.kind.startsWith('password'));
  const username =
    nearestBefore(fields, firstIndex, (f) => f.kind === 'username') ??
    nearestBefore(fields, firstIndex, (f) => f.kind === 'other' && f.input.type !== 'number');
  const otp = fields.filter((f) => f.kind === 'one-time-code').map((f) => f.input);
  const base = { container, otp, username };
  const current = hints.indexOf('current');
  if (passwords.length === 1)
    return hints[0] === 'new' ? { ...base, kind: 'sign-up', newPasswords: passwords } : { ...base, kind: 'sign-in', password: passwords[0], newPasswords: [] };
  const explicitUsername = fields.some((f) => f.kind === 'username');
  if (current >= 0) {
    return { ...base, kind: 'change-password', password: passwords[current], newPasswords: passwords.filter((_, i) => i !== current) };
  }
  // No field says "current": new + confirm (with a username: sign-up; without: a reset page),
  // or old/new/confirm where the later ones repeat.
  if (hints.every((h) => h === 'new') || (passwords.length === 2 && explicitUsername))
    return { ...base, kind: explicitUsername ? 'sign-up' : 'change-password', newPasswords: passwords, username: explicitUsername ? username : undefined };
  return { ...base, kind: 'change-password', password: passwords[0], newPasswords: passwords.slice(1), username: undefined };
}

function contextText(container: Element): string {
  let scope: Element = container;
  // A form-less single field's container is just its wrapper; look a little wider for headings.
  for (let level = 0; level < 2 && !isTag(scope, 'form') && scope.parentElement; level++) scope = scope.parentElement;
  return (scope.textContent ?? '').slice(0, 2000);
}

function decide({ container, fields }: { container: Element; fields: Field[] }): SignInForm | undefined {
  const last = fields.at(-1)!.input;
  if (fields.some((f) => f.kind.startsWith('password'))) return { ...passwordForm(fields, container), submit: findSubmit(container, last) };
  const otp = fields.filter((f) => f.kind === 'one-time-code').map((f) => f.input);
  if (otp.length) return { kind: 'one-time-code', container, otp, newPasswords: [], submit: findSubmit(container, last) };
  // Username-first step: exactly one text field, username-ish, and a "next"/"sign in" button or
  // autocomplete="username". Newsletter and contact forms are not sign-ins.
  if (fields.length !== 1 || fields[0]!.kind !== 'username') return undefined;
  const username = fields[0]!.input;
  const submit = findSubmit(container, last);
  if (NEWSLETTER_WORDS.test(`${contextText(container)} ${fieldHints(username)} ${submit ? buttonText(submit) : ''}`)) return undefined;
  if (autocompleteField(username) !== 'username' && !(submit && NEXT_WORDS.test(buttonText(submit)))) return undefined;
  return { kind: 'username-first', container, username, newPasswords: [], otp: [], submit };
}

export interface FindOptions {
  /** Layout source for the visibility rules; the browser's by default. */
  view?: LayoutView;
}

/** The sign-in forms in `root` and its open shadow roots; invisible fields are never part of one. */
export function findSignInForms(root: ScanRoot, options: FindOptions = {}): SignInForm[] {
  return withScanCache(() => {
    const fields = candidateFields(collectInputs(root), options.view);
    const forms: SignInForm[] = [];
    for (const group of groupFields(fields)) {
      const form = decide(group);
      if (form) forms.push(form);
    }
    return forms;
  });
}
