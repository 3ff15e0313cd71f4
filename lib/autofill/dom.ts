/**
 * Content-safe (architecture.md §8). Node tests by nodeType/tagName instead of `instanceof`:
 * content scripts see page objects through another realm (Firefox Xrays), where `instanceof`
 * against the script's own globals can be false for real elements.
 */
export const isElement = (node: Node): node is Element => node.nodeType === 1;
export const isDocument = (node: Node): node is Document => node.nodeType === 9;
export const isShadowRoot = (node: Node): node is ShadowRoot => node.nodeType === 11 && 'host' in node;
/** The parent element; for the top level of a shadow root, its host. */
export const parentOf = (el: Element): Element | null => {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return isShadowRoot(root) ? root.host : null;
};

/**
 * How an element's shadow root is reached: `el.shadowRoot` (open roots only) unless the content
 * script widened it to closed roots where the browser lets an extension (see `reachShadowRoots`).
 * Injectable so unit tests (happy-dom has neither API) keep the default.
 */
let reachShadow = (el: Element): ShadowRoot | null => el.shadowRoot;

/** An element's shadow root: open, or closed when the extension may reach it. */
export const shadowRootOf = (el: Element): ShadowRoot | null => reachShadow(el);

/** Chrome `chrome.dom.openOrClosedShadowRoot`, Firefox `el.openOrClosedShadowRoot`; set once at start. */
export function reachShadowRoots(reach: (el: Element) => ShadowRoot | null | undefined): void {
  reachShadow = (el) => {
    // Only custom elements (a "-" in the name) are asked about closed roots: that is where web
    // components keep them, and one extension-API call per element of a 50,000-element page would
    // cost more than the whole rest of the scan. Open roots on any element are still found.
    if (!el.localName.includes('-')) return el.shadowRoot;
    try {
      return reach(el) ?? el.shadowRoot;
    } catch {
      // chrome.dom throws for some nodes (e.g. ones from another frame's realm); open roots still count.
      return el.shadowRoot;
    }
  };
}

/** Whether `container` holds `node`, counting a host as holding its own shadow root's nodes. */
export const holds = (container: Element, node: Node): boolean => {
  if (container.contains(node)) return true;
  const shadow = shadowRootOf(container);
  return !!shadow && node.getRootNode() === shadow;
};

export const isTag = <K extends keyof HTMLElementTagNameMap>(node: Node, tag: K): node is HTMLElementTagNameMap[K] =>
  isElement(node) && node.localName === tag;
