/**
 * Types for the browser globals that page-side callbacks (page.evaluate, waitForFunction) use.
 * tsconfig.node.json deliberately has no DOM lib, so the hub's code cannot use browser globals by
 * mistake; callbacks cast `globalThis` to this instead. Type-only: the callbacks run in the page,
 * where nothing imported from Node exists.
 */
export interface ExtensionStorageArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface PageGlobals {
  document: { readyState: string; body: { innerText: string } | null };
  location: { href: string; pathname: string };
  /** Firefox's extension API namespace in extension pages. */
  browser?: { storage: { local: ExtensionStorageArea }; runtime: { id: string } };
  /** Chromium's extension API namespace in extension pages and the service worker. */
  chrome?: { storage: { local: ExtensionStorageArea }; runtime: { id: string } };
}

/** What page-side callbacks read from elements. */
export interface PageElement {
  innerText: string;
  checked?: boolean;
  getAttribute(name: string): string | null;
  dataset: Record<string, string | undefined>;
}
