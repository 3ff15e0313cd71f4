/**
 * Content-safe. The sign-in forms this document has shown so far, and which of them an element
 * belongs to. Only forms `findSignInForms` recognised are here, so search and newsletter forms
 * never open a menu, never receive a fill and never report a submission.
 */
import { holds, isElement, shadowRootOf } from './dom.ts';
import type { SignInForm } from './find-sign-in.ts';
import type { FocusedField } from './protocol.ts';

export const fieldsOf = (form: SignInForm): HTMLInputElement[] =>
  [form.username, form.password, ...form.newPasswords, ...form.otp].filter((input): input is HTMLInputElement => !!input);

export function roleOf(form: SignInForm, input: Element): FocusedField | undefined {
  if (input === form.username) return 'username';
  if (input === form.password) return 'password';
  if (form.newPasswords.includes(input as HTMLInputElement)) return 'newPassword';
  if (form.otp.includes(input as HTMLInputElement)) return 'otp';
  return undefined;
}

/** From a shadow host down to the focused element inside its (reachable) shadow roots. */
function focusedWithin(el: Element | null): Element | null {
  for (let inner = el && shadowRootOf(el)?.activeElement; inner && inner !== el; inner = shadowRootOf(el)?.activeElement) el = inner;
  return el;
}

/** The focused element, looking into shadow roots. */
export const deepActiveElement = (doc: Document): Element | null => focusedWithin(doc.activeElement);

/** The element an event really started at: inside open shadow roots by composedPath, closed ones by focus. */
export function eventOrigin(event: Event): Element | null {
  const first = event.composedPath()[0] as Node | undefined;
  return focusedWithin(first && isElement(first) ? first : null);
}

const PREFERRED: SignInForm['kind'][] = ['sign-in', 'username-first', 'one-time-code'];

/**
 * The form a fill goes into: `menu` — the one holding the field that opened the menu, while that
 * field is still in the page; `best` — the focused form, else the first sign-in, username-first or
 * one-time-code form.
 */
export function pickForm(forms: SignInForm[], target: 'menu' | 'best', menuField: HTMLInputElement | undefined, doc: Document): SignInForm | undefined {
  if (target === 'menu') return menuField?.isConnected ? forms.find((form) => roleOf(form, menuField)) : undefined;
  const active = deepActiveElement(doc);
  const focused = active && active !== doc.body ? forms.find((form) => roleOf(form, active) || holds(form.container, active)) : undefined;
  return focused ?? forms.find((form) => PREFERRED.includes(form.kind));
}

export interface KnownForms {
  /** Adds forms; one with the container of a known form replaces it (a re-render). */
  add(found: SignInForm[]): void;
  /** The form a field belongs to, with the field's role. */
  owner(input: Element): { form: SignInForm; role: FocusedField } | undefined;
  /** The form whose container holds `node` (a click on its button, a submit of its <form>). */
  holding(node: Node): SignInForm | undefined;
}

export function knownForms(): KnownForms {
  let forms: SignInForm[] = [];
  return {
    add(found) {
      const containers = new Set(found.map((form) => form.container));
      // Forms whose container left the page are dropped; a re-rendered form replaces its old self.
      forms = [...forms.filter((form) => !containers.has(form.container) && form.container.isConnected), ...found];
    },
    owner(input) {
      for (const form of forms) {
        const role = roleOf(form, input);
        if (role) return { form, role };
      }
      return undefined;
    },
    holding(node) {
      // Form-less containers can nest (a panel holding a smaller group): the innermost wins.
      let best: SignInForm | undefined;
      for (const form of forms) if (holds(form.container, node) && (!best || holds(best.container, form.container))) best = form;
      return best;
    },
  };
}
