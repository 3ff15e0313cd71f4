/**
 * Content-safe. Notices a sign-in form being sent so the background can offer to save or update
 * the password. Only forms `findSignInForms` recognised count (never search or newsletter forms),
 * nothing is reported without a password (a username-first step reports its username), and each
 * distinct set of values is reported once per document.
 *
 * Triggers: a `submit` event (the document and each shadow root holding a known form, since
 * `submit` does not cross shadow boundaries); a trusted click on the form's submit button or Enter
 * in one of its fields; and for sign-ins sent by fetch, a trusted click on another button of the
 * form "arms" it — it is reported when its password field leaves the page or hides within a few
 * seconds, or when the page is hidden (navigation).
 */
import { autocompleteField } from './field-kinds.ts';
import type { SignInForm, SignInKind } from './find-sign-in.ts';
import { eventOrigin, roleOf } from './known-forms.ts';
import { isFillable, type LayoutView } from './visibility.ts';

export interface Submission {
  formKind: SignInKind;
  username: string;
  password: string;
  newPassword: string | null;
}

export interface SubmitCaptureOptions {
  doc: Document;
  /** The sign-in form holding `node` (for a `<form>` not seen yet, a scan of it), if any. */
  formOf(node: Element): SignInForm | undefined;
  report(submission: Submission): void;
  signal: AbortSignal;
  isTrusted?: (event: Event) => boolean;
  view?: LayoutView;
  /** How long an armed form is watched for its fields going away. */
  armMs?: number;
  pollMs?: number;
}

const BUTTON_LIKE = 'button, input[type="submit"], input[type="image"], input[type="button"], [role="button"], a';

/** A username the page keeps in a hidden field (change-password pages do): reading it is harmless. */
function hiddenUsername(form: SignInForm): HTMLInputElement | undefined {
  return Array.from(form.container.querySelectorAll('input')).find((input) => autocompleteField(input) === 'username');
}

export function captureSubmits(options: SubmitCaptureOptions): { watchRoot(root: Document | ShadowRoot): void } {
  const { doc, formOf, report, signal, view, armMs = 5000, pollMs = 250 } = options;
  const isTrusted = options.isTrusted ?? ((event: Event) => event.isTrusted);
  // The last value a person typed, in case the page clears the field before we read it.
  const typed = new WeakMap<HTMLInputElement, string>();
  const sent = new Set<string>();
  const armed = new Map<SignInForm, number>();
  const roots = new WeakSet<Document | ShadowRoot>();
  let poll: ReturnType<typeof setInterval> | undefined;

  const read = (input: HTMLInputElement | undefined) => (input ? input.value || typed.get(input) || '' : '');

  function submissionOf(form: SignInForm): Submission | undefined {
    const formKind = form.kind;
    const username = read(form.username ?? hiddenUsername(form)).trim();
    const [first = '', ...confirm] = form.newPasswords.map(read);
    // A confirmation that differs means the page will refuse it; nothing worth saving yet.
    if (confirm.some((value) => value && value !== first)) return undefined;
    if (formKind === 'username-first') return username ? { formKind, username, password: '', newPassword: null } : undefined;
    if (formKind === 'sign-in') {
      const password = read(form.password);
      return password ? { formKind, username, password, newPassword: null } : undefined;
    }
    // Sign-up: the new password is the password to save.
    if (formKind === 'sign-up') return first ? { formKind, username, password: first, newPassword: null } : undefined;
    if (formKind === 'change-password') return first ? { formKind, username, password: read(form.password), newPassword: first } : undefined;
    return undefined;
  }

  function submit(form: SignInForm) {
    armed.delete(form);
    const submission = submissionOf(form);
    if (!submission) return;
    const key = JSON.stringify(submission);
    if (sent.has(key)) return;
    sent.add(key);
    report(submission);
  }

  function check() {
    const now = Date.now();
    for (const [form, until] of armed) {
      const key = form.password ?? form.newPasswords[0] ?? form.username;
      if (key && (!key.isConnected || !isFillable(key, view))) submit(form);
      else if (now >= until) armed.delete(form);
    }
    if (!armed.size) stopPolling();
  }

  function stopPolling() {
    clearInterval(poll);
    poll = undefined;
  }

  function arm(form: SignInForm) {
    armed.set(form, Date.now() + armMs);
    poll ??= setInterval(check, pollMs);
  }

  const listen = { capture: true, signal };
  const onSubmit = (event: Event) => {
    const form = event.target && formOf(event.target as Element);
    if (form) submit(form);
  };

  function watchRoot(root: Document | ShadowRoot) {
    if (roots.has(root) || signal.aborted) return;
    roots.add(root);
    root.addEventListener('submit', onSubmit, listen);
  }

  watchRoot(doc);
  doc.addEventListener(
    'input',
    (event) => {
      const origin = eventOrigin(event);
      const form = origin && formOf(origin);
      if (form && roleOf(form, origin)) typed.set(origin as HTMLInputElement, (origin as HTMLInputElement).value);
    },
    listen,
  );
  doc.addEventListener(
    'click',
    (event) => {
      const origin = isTrusted(event) ? eventOrigin(event) : null;
      const form = origin && formOf(origin);
      if (!form) return;
      const path = event.composedPath();
      if (form.submit && path.includes(form.submit)) submit(form);
      else if (origin.closest(BUTTON_LIKE)) arm(form);
    },
    listen,
  );
  doc.addEventListener(
    'keydown',
    (event) => {
      if ((event as KeyboardEvent).key !== 'Enter' || (event as KeyboardEvent).isComposing || !isTrusted(event)) return;
      const origin = eventOrigin(event);
      const form = origin && formOf(origin);
      if (form && roleOf(form, origin)) submit(form);
    },
    listen,
  );
  (doc.defaultView ?? window).addEventListener('pagehide', () => [...armed.keys()].forEach(submit), listen);
  signal.addEventListener('abort', stopPolling);
  return { watchRoot };
}

