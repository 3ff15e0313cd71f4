/**
 * Content-safe. Tells when a PERSON put the caret in a field, so only they can open the menu: a
 * trusted click (on the field or its label), or a trusted focus change caused by a trusted Tab key.
 * A trusted `focusin` alone is not enough — the browser marks the focus events of a page script's
 * `field.focus()` as trusted too — and `click()`/`dispatchEvent` from a script are never trusted.
 */
import { isTag } from './dom.ts';
import { eventOrigin } from './known-forms.ts';

export interface MenuTriggerOptions {
  onField(input: HTMLInputElement): void;
  signal: AbortSignal;
  isTrusted?: (event: Event) => boolean;
}

export function watchMenuTriggers(doc: Document, options: MenuTriggerOptions): void {
  const { onField, signal } = options;
  const isTrusted = options.isTrusted ?? ((event: Event) => event.isTrusted);
  const listen = { capture: true, passive: true, signal };
  let tabbing = false;

  const fire = (event: Event) => {
    let origin = eventOrigin(event);
    if (origin && isTag(origin, 'label') && origin.control) origin = origin.control;
    if (origin && isTag(origin, 'input')) onField(origin);
  };

  doc.addEventListener(
    'keydown',
    (event) => {
      if ((event as KeyboardEvent).key !== 'Tab' || !isTrusted(event)) return;
      // The focus move is the key's default action, in this same task.
      tabbing = true;
      setTimeout(() => (tabbing = false), 0);
    },
    listen,
  );
  doc.addEventListener('focusin', (event) => tabbing && isTrusted(event) && fire(event), listen);
  doc.addEventListener('click', (event) => isTrusted(event) && fire(event), listen);
}
