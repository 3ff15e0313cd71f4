/**
 * Content-safe (architecture.md §8). Finds sign-in forms now and as the page changes, and switches
 * itself off when the page has nothing to find (house-style: uBlock-style tiny content scripts).
 *
 * Batching: mutation records only mark nodes dirty; one flush per animation frame re-scans the
 * dirty subtrees (each widened to its `<form>`, or a few levels up, so a password added beside an
 * existing username is grouped with it). Open shadow roots found on the way are observed too.
 *
 * Giving up: while no candidate input (any password input, or a field classified as username or
 * one-time-code, visible or not) has ever been seen, the watcher disconnects after `quietBatches`
 * flushes or `quietMs` milliseconds, whichever comes first. Once a candidate was seen it stays on
 * for the page's life (SPAs re-render sign-in forms). After giving up, the content script can still
 * call `findSignInForms` on a user action (focus, shortcut, popup).
 */
import { classifyField } from './field-kinds.ts';
import { collectInputs, seedShadowRoots, shadowRootsIn, shadowRootWalk, withScanCache, type ScanRoot } from './collect.ts';
import { isElement, isTag } from './dom.ts';
import { findSignInForms, type SignInForm } from './find-sign-in.ts';
import type { LayoutView } from './visibility.ts';

export interface WatchOptions {
  signal?: AbortSignal;
  view?: LayoutView;
  quietBatches?: number;
  quietMs?: number;
  /** Runs a flush later; one animation frame by default (nothing runs in background tabs). */
  schedule?: (flush: () => void) => void;
  /** Runs the next slice of the first shadow-root walk; a zero-delay timer by default. */
  idle?: (slice: () => void) => void;
}

export interface Watcher {
  /** Whether the observer still runs (false after abort or after giving up). */
  readonly active: boolean;
  stop(): void;
}

const OBSERVE: MutationObserverInit = { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'style', 'class', 'open', 'type', 'popover'] };
const WIDEN_LEVELS = 3;
/** Elements visited per slice of the first shadow-root walk (≈ 2–4 ms in a content script's world). */
const WALK_SLICE = 5000;

const isDocumentRoot = (root: ScanRoot): root is Document => root.nodeType === 9;

const isCandidate = (input: HTMLInputElement) => input.type === 'password' || ['username', 'one-time-code'].includes(classifyField(input));

function defaultSchedule(flush: () => void) {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
}

/** The subtree to re-scan for a dirty node: its form, or an ancestor a few levels up. */
function scopeOf(node: Element): Element {
  const form = node.closest('form');
  if (form) return form;
  let scope = node;
  for (let level = 0; level < WIDEN_LEVELS && scope.parentElement && scope.parentElement !== scope.ownerDocument.body; level++) scope = scope.parentElement;
  return scope;
}

export function watchForSignIn(root: ScanRoot, onFound: (forms: SignInForm[]) => void, options: WatchOptions = {}): Watcher {
  const { signal, view, quietBatches = 50, quietMs = 15_000, schedule = defaultSchedule, idle = (slice: () => void) => void setTimeout(slice, 0) } = options;
  const reported = new WeakSet<HTMLInputElement>();
  const observed = new WeakSet<Node>();
  const dirty = new Set<Element>();
  const started = Date.now();
  let seenCandidate = false;
  let batches = 0;
  let pending = false;
  let active = true;

  function markDirty(nodes: Iterable<Element>) {
    for (const node of nodes) dirty.add(node);
    if (dirty.size && !pending) {
      pending = true;
      schedule(flush);
    }
  }
  const observer = new MutationObserver((records) => {
    const touched: Element[] = [];
    for (const record of records) {
      if (record.type === 'attributes') touched.push(record.target as Element);
      else for (const node of Array.from(record.addedNodes)) if (isElement(node)) touched.push(node);
    }
    markDirty(touched);
  });
  // `showPopover()` shows a popover without changing the DOM, so no mutation says so; its `toggle`
  // event does (it does not bubble: caught in the capture phase).
  const onToggle = (event: Event) => {
    const target = event.target as Node | null;
    if (target && isElement(target)) markDirty([target]);
  };
  const doc = isDocumentRoot(root) ? root : root.ownerDocument;
  doc?.addEventListener('toggle', onToggle, true);
  const timer = setTimeout(() => !seenCandidate && stop(), quietMs);

  function observe(target: Node) {
    if (observed.has(target)) return;
    observed.add(target);
    observer.observe(target, OBSERVE);
  }

  /** One scan: a single tree walk and one classification per field (withScanCache). */
  const scan = (scope: ScanRoot) => withScanCache(() => scanNow(scope));

  function scanNow(scope: ScanRoot) {
    const inputs = collectInputs(scope);
    if (!inputs.length) return;
    for (const shadow of shadowRootsIn(scope)) observe(shadow);
    if (!seenCandidate && inputs.some(isCandidate)) seenCandidate = true;
    const fresh = findSignInForms(scope, { view }).filter((form) =>
      [form.username, form.password, ...form.newPasswords, ...form.otp].some((input) => input && !reported.has(input)),
    );
    for (const form of fresh) for (const input of [form.username, form.password, ...form.newPasswords, ...form.otp]) if (input) reported.add(input);
    if (fresh.length) onFound(fresh);
  }

  function flush() {
    pending = false;
    if (!active) return;
    batches++;
    const scopes = new Set<Element>();
    for (const node of dirty) if (node.isConnected && (isTag(node, 'input') || node.querySelector('input') || node.shadowRoot || hasShadowBelow(node))) scopes.add(scopeOf(node));
    dirty.clear();
    // A scope inside another one is scanned with it.
    for (const scope of scopes) if (![...scopes].some((other) => other !== scope && other.contains(scope))) scan(scope);
    if (!seenCandidate && (batches >= quietBatches || Date.now() - started >= quietMs)) stop();
  }

  function stop() {
    if (!active) return;
    active = false;
    observer.disconnect();
    doc?.removeEventListener('toggle', onToggle, true);
    clearTimeout(timer);
    dirty.clear();
    signal?.removeEventListener('abort', stop);
  }

  /**
   * The first scan of a whole document: its light DOM at once (one querySelectorAll), its shadow
   * roots after a walk of every element done in slices between other tasks; then the document is
   * scanned again with those roots, so forms inside shadow roots (or split across one) are found.
   */
  function firstScan() {
    // A shadow root given as the root is scanned at once (the walk is for whole documents).
    if (!isDocumentRoot(root) && !isElement(root)) return scan(root);
    withScanCache(() => {
      seedShadowRoots(root, []);
      scanNow(root);
    });
    const walk = shadowRootWalk(root, WALK_SLICE);
    const slice = () => {
      if (!active) return;
      if (!walk.step()) return idle(slice);
      if (!walk.roots.length) return;
      withScanCache(() => {
        seedShadowRoots(root, walk.roots);
        scanNow(root);
      });
    };
    idle(slice);
  }

  if (signal?.aborted) {
    stop();
  } else {
    signal?.addEventListener('abort', stop);
    observe(root);
    firstScan();
  }
  return {
    get active() {
      return active;
    },
    stop,
  };
}

/**
 * Whether an added subtree brings open shadow roots holding inputs. This walks the added subtree
 * (O(added elements), the same order as the page's own cost of inserting it), only for subtrees
 * without light-DOM inputs.
 */
function hasShadowBelow(node: Element): boolean {
  return shadowRootsIn(node).some((shadow) => shadow.querySelector('input'));
}
