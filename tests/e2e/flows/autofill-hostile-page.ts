/**
 * What a hostile page can do with its own script, for the autofill safety tests: runs in the page's
 * main world (page.evaluate, or a preload that runs before the page's first script). Page-side
 * code: the Node tsconfig has no DOM types, so the globals are typed here by hand.
 */

/** The page's globals the hostile scripts use. */
export type Hostile = Record<string, unknown> & {
  document: HostileElement & {
    getElementById(id: string): HostileElement;
    documentElement: HostileElement;
  };
  frames: ArrayLike<HostileWindow>;
  addEventListener(type: string, listener: (event: { data?: unknown; target?: unknown }) => void, capture?: boolean): void;
  Element: { prototype: { attachShadow(init: object): HostileRoot } };
  FocusEvent: new (type: string, init: object) => unknown;
  MouseEvent: new (type: string, init: object) => unknown;
  PointerEvent: new (type: string, init: object) => unknown;
  KeyboardEvent: new (type: string, init: object) => unknown;
  MutationObserver: new (callback: (records: { addedNodes: ArrayLike<HostileElement> }[]) => void) => { observe(target: unknown, options: object): void };
  performance: { getEntries(): { name: string }[] };
  __seen?: string[];
  __roots?: HostileRoot[];
};
interface HostileWindow {
  document: unknown;
  location: { href: string };
  postMessage(message: unknown, target: string): void;
}
interface HostileRoot {
  innerHTML: string;
  querySelectorAll(selector: string): ArrayLike<HostileElement>;
}
export interface HostileElement {
  id: string;
  tagName: string;
  value?: string;
  outerHTML: string;
  textContent: string | null;
  shadowRoot: HostileRoot | null;
  children: ArrayLike<HostileElement>;
  style: { zIndex: string };
  contentDocument?: unknown;
  contentWindow?: HostileWindow | null;
  querySelectorAll(selector: string): ArrayLike<HostileElement>;
  focus(): void;
  click(): void;
  dispatchEvent(event: unknown): boolean;
}

/**
 * Runs in the page before any other script (a preload): what a hostile page can do from its first
 * line — wrap attachShadow to catch every shadow root made with the page's own prototype, and
 * record every event and added node it is shown.
 */
export function spyFromTheStart(): void {
  const scope = globalThis as unknown as Hostile;
  const seen: string[] = [];
  const roots: HostileRoot[] = [];
  scope.__seen = seen;
  scope.__roots = roots;
  const attach = scope.Element.prototype.attachShadow;
  scope.Element.prototype.attachShadow = function hooked(this: unknown, init: object) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  };
  for (const type of ['input', 'change', 'message', 'keydown', 'focusin', 'click']) {
    scope.addEventListener(type, (event) => {
      seen.push(JSON.stringify(event.data ?? null));
      const target = event.target as HostileElement | undefined;
      if (target && typeof target.value === 'string') seen.push(target.value);
    }, true);
  }
  new scope.MutationObserver((records) => {
    for (const record of records) {
      for (let index = 0; index < record.addedNodes.length; index++) seen.push(record.addedNodes[index]!.outerHTML ?? record.addedNodes[index]!.textContent ?? '');
    }
  }).observe(scope.document, { childList: true, subtree: true, attributes: true, characterData: true });
}

/** Runs in the page: everything it can read, and every way to an extension frame it can try. */
export function lookAround() {
  const scope = globalThis as unknown as Hostile;
  const doc = scope.document;
  const all = doc.querySelectorAll('*');
  const openShadows: string[] = [];
  const iframes: HostileElement[] = [];
  const collect = (root: { querySelectorAll(selector: string): ArrayLike<HostileElement> }) => {
    const found = root.querySelectorAll('iframe');
    for (let index = 0; index < found.length; index++) iframes.push(found[index]!);
  };
  collect(doc);
  for (let index = 0; index < all.length; index++) {
    const root = all[index]!.shadowRoot;
    if (root) {
      openShadows.push(root.innerHTML);
      collect(root);
    }
  }
  let hookedRoots = 0;
  for (const root of scope.__roots ?? []) {
    if (root.querySelectorAll('iframe').length > 0) hookedRoots += 1;
    collect(root);
  }
  // The menu's host: a child of <html> at the top z-index (the page can see that much).
  const hosts: HostileElement[] = [];
  for (let index = 0; index < doc.documentElement.children.length; index++) {
    const child = doc.documentElement.children[index]!;
    if (child.style.zIndex === '2147483647') hosts.push(child);
  }
  const reachableFrames: string[] = [];
  const tryRead = (label: string, read: () => unknown) => {
    try {
      const value = read();
      if (value !== null && value !== undefined) reachableFrames.push(`${label}: readable`);
    } catch (error) {
      if ((error as { name?: string }).name !== 'SecurityError') reachableFrames.push(`${label}: ${String(error)}`);
    }
  };
  for (const frame of iframes) {
    tryRead('iframe.contentDocument', () => frame.contentDocument);
    tryRead('iframe.contentWindow.document', () => frame.contentWindow?.document);
  }
  for (let index = 0; index < scope.frames.length; index++) tryRead(`window.frames[${index}].document`, () => scope.frames[index]!.document);
  const windowStrings = Object.keys(scope).map((key) => {
    try {
      return typeof scope[key] === 'string' ? (scope[key] as string) : '';
    } catch {
      return '';
    }
  });
  return {
    html: doc.documentElement.outerHTML,
    openShadows: openShadows.join('\n'),
    hosts: hosts.length,
    hostShadowRoots: hosts.filter((host) => host.shadowRoot !== null).length,
    hookedRoots,
    reachableFrames,
    windowStrings: windowStrings.join('\n'),
    /** Resource Timing names iframe loads too: the menu's address (with its token) must not be among them. */
    timingNames: scope.performance.getEntries().map((entry) => entry.name),
    seen: (scope.__seen ?? []).join('\n'),
    values: ['username', 'password'].map((id) => doc.getElementById(id).value),
  };
}
