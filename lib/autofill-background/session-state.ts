/**
 * Background-only. One record kept in memory and mirrored to storage.session, so autofill's tokens,
 * frames and remembered choices survive a service-worker restart (MV3 stops an idle worker after
 * ~30 s, often while a menu or save prompt is open). Invariants: storage.session keeps its default
 * access level (extension pages only — never content scripts); what is read back is checked with the
 * caller's guard and dropped when it does not fit; updates run one at a time, so none is lost.
 */
import { storage } from 'wxt/utils/storage';

export interface SessionState<T> {
  read(): Promise<T>;
  /** `change` edits a copy and answers whether anything changed (only then is it written). */
  update<R>(change: (draft: T) => { changed: boolean; result: R }): Promise<R>;
}

export function createSessionState<T>(key: `session:${string}`, isValid: (value: unknown) => value is T, empty: () => T): SessionState<T> {
  const item = storage.defineItem<unknown>(key, { fallback: null });
  let current: T | null = null;
  let tail: Promise<unknown> = Promise.resolve();

  async function load(): Promise<T> {
    if (current === null) {
      const stored = await item.getValue();
      current = isValid(stored) ? stored : empty();
    }
    return current;
  }

  function queued<R>(task: () => Promise<R>): Promise<R> {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  }

  return {
    read: () => queued(load),
    update: (change) =>
      queued(async () => {
        const draft = structuredClone(await load());
        const { changed, result } = change(draft);
        if (changed) {
          await item.setValue(draft);
          current = draft;
        }
        return result;
      }),
  };
}
