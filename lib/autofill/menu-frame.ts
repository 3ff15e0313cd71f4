/**
 * Content-safe. Shows the in-page menu (an extension iframe, lib/autofill/protocol.ts MENU_PAGE)
 * right below the field that opened it, keeps it there while the page scrolls or resizes, and
 * removes it on Escape, a click elsewhere, the field losing focus to anything but the menu, the
 * field leaving the page, or page hide. The menu itself fills nothing: a fill only ever comes from
 * the background after a click inside the iframe, which the page cannot fake.
 */
import { isTag, parentOf } from './dom.ts';
import { createFrameHost } from './frame-host.ts';
import { deepActiveElement } from './known-forms.ts';

export const MENU_SIZE = { width: 320, height: 240 };
const GAP = 2;

export interface MenuFrame {
  readonly field: HTMLInputElement;
  close(): void;
}

export interface MenuFrameOptions {
  onClose?: () => void;
  /** Runs after the current focus change settled (a macrotask by default). */
  defer?: (run: () => void) => void;
}

/**
 * Where the host must live: inside an open <dialog> or a popover holding the field, so it shares
 * their top layer and is not made inert by a modal dialog; otherwise the root element (a framework
 * re-rendering <body> does not take it along).
 */
function layerFor(field: HTMLInputElement): Element {
  for (let el = parentOf(field); el; el = parentOf(el)) {
    // A field someone focused cannot sit in a closed popover (display: none), so any popover here is open.
    if ((isTag(el, 'dialog') && el.open) || el.hasAttribute('popover')) return el;
  }
  return field.ownerDocument.documentElement;
}

export function openMenuFrame(field: HTMLInputElement, src: string, options: MenuFrameOptions = {}): MenuFrame {
  const doc = field.ownerDocument;
  const win = doc.defaultView ?? window;
  const defer = options.defer ?? ((run) => void setTimeout(run, 0));
  const { host, frame, style } = createFrameHost(doc, src, MENU_SIZE);
  const controller = new AbortController();
  const { signal } = controller;
  let scheduled = false;

  function place() {
    if (!field.isConnected) return close();
    const rect = field.getBoundingClientRect();
    const below = rect.bottom + GAP;
    const top = below + MENU_SIZE.height > win.innerHeight && rect.top - GAP - MENU_SIZE.height >= 0 ? rect.top - GAP - MENU_SIZE.height : below;
    const left = Math.max(0, Math.min(rect.left, win.innerWidth - MENU_SIZE.width));
    style({ top, left });
    // A transformed dialog is the containing block of fixed children: shift by what it moved us.
    const actual = host.getBoundingClientRect();
    if (actual.width > 0 && (actual.top !== top || actual.left !== left)) style({ top: 2 * top - actual.top, left: 2 * left - actual.left });
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (!signal.aborted) place();
    });
  }

  function close() {
    if (signal.aborted) return;
    controller.abort();
    host.remove();
    options.onClose?.();
  }

  layerFor(field).append(host);
  place();
  const listen = { capture: true, passive: true, signal };
  win.addEventListener('scroll', schedule, listen);
  win.addEventListener('resize', schedule, listen);
  win.addEventListener('pagehide', close, listen);
  win.addEventListener('keydown', (event) => event.key === 'Escape' && close(), listen);
  win.addEventListener(
    'pointerdown',
    (event) => {
      const path = event.composedPath();
      if (!path.includes(host) && !path.includes(field)) close();
    },
    listen,
  );
  field.addEventListener(
    'focusout',
    () =>
      defer(() => {
        const active = deepActiveElement(doc);
        // Focus inside the iframe shows as the host (closed shadow root) or the iframe itself.
        if (active !== field && active !== host && active !== frame) close();
      }),
    listen,
  );
  return { field, close };
}
