/**
 * Content-safe. Wires the autofill content script of one frame: finds sign-in forms and tells the
 * background, opens the menu when a person focuses one of their fields, fills on the background's
 * word only, reports submissions, and shows the save prompt in the top frame. It never holds more
 * than the one item being filled, and never asks the page where it is (the background reads the
 * frame from the browser-stamped sender; `opaqueOrigin` can only narrow that).
 */
import { isShadowRoot, isTag, reachShadowRoots } from './dom.ts';
import { findSignInForms, type SignInForm } from './find-sign-in.ts';
import { formsFoundReporter } from './forms-found.ts';
import { deepActiveElement, knownForms, pickForm } from './known-forms.ts';
import type { MenuFrame } from './menu-frame.ts';
import { watchMenuTriggers } from './menu-trigger.ts';
import type { PromptFrame } from './prompt-frame.ts';
import { MENU_PAGE, PROMPT_PAGE, type ToContent } from './protocol.ts';
import type { ContentRuntime } from './runtime.ts';
import { captureSubmits } from './submit-capture.ts';
import type { AutofillUi } from './ui.ts';
import { uiLoader } from './ui-loader.ts';
import type { LayoutView } from './visibility.ts';
import { watchForSignIn, type WatchOptions } from './watch.ts';

export interface AutofillDeps {
  runtime: ContentRuntime;
  signal: AbortSignal;
  doc?: Document;
  view?: LayoutView;
  /** `event.isTrusted` unless a test says otherwise. */
  isTrusted?: (event: Event) => boolean;
  /** A sandboxed frame (window.origin === 'null'): the background then matches nothing here. */
  opaqueOrigin?: boolean;
  isTop?: boolean;
  watch?: Pick<WatchOptions, 'schedule' | 'quietBatches' | 'quietMs'>;
  /** The on-demand part (menu, prompt, fill); imported from the extension by default. */
  loadUi?: () => Promise<AutofillUi>;
}

const TOKEN = /^[\w-]{16,200}$/;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function startAutofill(deps: AutofillDeps): void {
  const { runtime, signal, view, isTrusted } = deps;
  const doc = deps.doc ?? document;
  const win = doc.defaultView ?? window;
  const opaqueOrigin = deps.opaqueOrigin ?? win.origin === 'null';
  const isTop = deps.isTop ?? win.top === win;
  const known = knownForms();
  const rescanned = new WeakSet<HTMLInputElement>();
  let menu: MenuFrame | undefined;
  let menuField: HTMLInputElement | undefined;
  let pendingField: HTMLInputElement | undefined;
  let prompt: PromptFrame | undefined;
  let asking = 0;

  const ui = deps.loadUi ?? uiLoader((path) => runtime.getURL(path));

  reachShadowRoots((el) => runtime.shadowRoot(el));
  const reportFound = formsFoundReporter((kinds, sameSiteAction) => void runtime.ask('autofill.formsFound', { kinds, sameSiteAction, opaqueOrigin }));
  const formOf = (node: Element) => known.holding(node) ?? (isTag(node, 'form') ? findSignInForms(node, { view })[0] : undefined);
  const capture = captureSubmits({ doc, formOf, signal, isTrusted, view, report: (s) => void runtime.ask('autofill.submitted', { ...s, opaqueOrigin }) });

  function remember(forms: SignInForm[]) {
    if (!forms.length) return;
    known.add(forms);
    for (const form of forms) {
      const root = form.container.getRootNode();
      if (isShadowRoot(root)) capture.watchRoot(root);
    }
    reportFound(forms);
  }

  async function onField(input: HTMLInputElement) {
    // A click on a label also clicks its field: one question per field at a time.
    if (menu?.field === input || pendingField === input) return;
    let owner = known.owner(input);
    // The watcher may have given up or not flushed yet: one fresh look per field.
    if (!owner && !rescanned.has(input)) {
      rescanned.add(input);
      remember(findSignInForms(doc, { view }));
      owner = known.owner(input);
    }
    if (!owner) return;
    const ticket = ++asking;
    menu?.close();
    pendingField = input;
    const answer = await runtime.ask('autofill.openMenu', { field: owner.role, formKind: owner.form.kind, opaqueOrigin }).finally(() => pendingField === input && (pendingField = undefined));
    if (!answer || !TOKEN.test(answer.token)) return;
    const { openMenuFrame } = await ui();
    // A later focus won, or the person already left the field while we waited.
    if (ticket !== asking || signal.aborted || deepActiveElement(doc) !== input) return;
    menuField = input;
    const frame = openMenuFrame(input, `${runtime.getURL(MENU_PAGE)}#${answer.token}`, { onClose: () => menu === frame && (menu = undefined) });
    menu = frame;
  }

  async function fill(message: Extract<ToContent, { type: 'tessera.fill' }>): Promise<boolean> {
    // Only for the origin the item was matched against (this document may have navigated since).
    if (opaqueOrigin || message.origin !== win.origin) return false;
    const { fillForm } = await ui();
    const forms = findSignInForms(doc, { view });
    remember(forms);
    const form = pickForm(forms, message.target === 'menu' ? 'menu' : 'best', menuField, doc);
    const values = { username: text(message.username), password: text(message.password), otp: text(message.otp), newPassword: text(message.newPassword) };
    if (!form || !fillForm(form, values, view)) return false;
    if (message.target === 'menu' && menuField) {
      menu?.close();
      menuField.focus({ preventScroll: true });
    }
    return true;
  }

  async function showPrompt(token: unknown): Promise<boolean> {
    if (!isTop || typeof token !== 'string' || !TOKEN.test(token)) return false;
    const { showPromptFrame } = await ui();
    if (signal.aborted) return false;
    prompt?.close();
    prompt = showPromptFrame(doc, `${runtime.getURL(PROMPT_PAGE)}#${token}`);
    return true;
  }

  const unlisten = runtime.listen(async (message) => {
    switch (message.type) {
      case 'tessera.fill':
        return { filled: await fill(message) };
      case 'tessera.showPrompt':
        return { shown: await showPrompt(message.token) };
      case 'tessera.closeMenu':
        menu?.close();
        return { closed: true };
      case 'tessera.closePrompt':
        prompt?.close();
        prompt = undefined;
        return { closed: true };
      default:
        return undefined;
    }
  });
  signal.addEventListener('abort', () => {
    unlisten();
    menu?.close();
    prompt?.close();
  });

  watchForSignIn(doc, remember, { ...deps.watch, signal, view });
  watchMenuTriggers(doc, { onField: (input) => void onField(input).catch(() => undefined), signal, isTrusted });
  // The form of the previous page may have navigated here before the prompt could show.
  if (isTop)
    void runtime
      .ask('autofill.pendingPrompt', {})
      .then((answer) => answer && showPrompt(answer.token))
      .catch(() => undefined);
}
