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

/** Whether `container` holds `node`, counting a host as holding its own shadow root's nodes. */
export const holds = (container: Element, node: Node): boolean =>
  container.contains(node) || (!!container.shadowRoot && node.getRootNode() === container.shadowRoot);

export const isTag = <K extends keyof HTMLElementTagNameMap>(node: Node, tag: K): node is HTMLElementTagNameMap[K] =>
  isElement(node) && node.localName === tag;
