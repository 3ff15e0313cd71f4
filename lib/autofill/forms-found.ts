/**
 * Content-safe. What `autofill.formsFound` says about this document: the kinds of sign-in forms it
 * has shown, and whether every one of them sends its data to the page's own origin. The opt-in
 * "fill on page load" relies on the latter, so it is conservative: a `<form>` counts only with no
 * action or an action (and any `formaction` on its buttons) on exactly the page's origin; the
 * content script has no public-suffix list to judge "same site" more widely.
 */
import { isTag } from './dom.ts';
import type { SignInForm, SignInKind } from './find-sign-in.ts';

const sameOrigin = (target: string, doc: Document, pageOrigin: string): boolean => {
  try {
    return new URL(target, doc.baseURI).origin === pageOrigin;
  } catch {
    return false;
  }
};

/** Whether the form's data goes to the page's own origin (form-less groups have no action of their own). */
export function sendsToOwnOrigin(form: SignInForm): boolean {
  const el = form.container;
  const doc = el.ownerDocument;
  const pageOrigin = new URL(doc.URL).origin;
  if (pageOrigin === 'null') return false;
  if (!isTag(el, 'form')) return true;
  // The attribute, not `form.action`: an <input name="action"> shadows that property.
  const targets = [el.getAttribute('action'), ...Array.from(el.querySelectorAll('[formaction]'), (b) => b.getAttribute('formaction'))];
  return targets.every((target) => !target?.trim() || sameOrigin(target, doc, pageOrigin));
}

/** Calls `send` when new kinds appear or a form sending elsewhere shows up; never twice for the same state. */
export function formsFoundReporter(send: (kinds: SignInKind[], sameSiteAction: boolean) => void): (forms: SignInForm[]) => void {
  const kinds = new Set<SignInKind>();
  let sameSite = true;
  return (forms) => {
    let changed = false;
    for (const form of forms) {
      if (!kinds.has(form.kind)) {
        kinds.add(form.kind);
        changed = true;
      }
      if (sameSite && !sendsToOwnOrigin(form)) {
        sameSite = false;
        changed = true;
      }
    }
    if (changed) send([...kinds], sameSite);
  };
}
