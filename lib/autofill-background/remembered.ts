/**
 * Background-only. Multi-step sign-ins: what a tab did on step 1, for step 2 on the same site —
 * the item filled into a username-first step (step 2 lists it first, the shortcut fills it) and the
 * username typed into one (step 2's save offer needs it). Kept 10 minutes per tab and site; nothing
 * secret (an item id, a username).
 */
import { z } from 'zod';
import { createSessionState } from './session-state.ts';
import { guard } from './stored-shapes.ts';

export const REMEMBER_MS = 10 * 60_000;

const Remembered = z.strictObject({ itemId: z.string().nullable(), username: z.string().nullable(), until: z.number() });
const Store = z.record(z.string(), Remembered);
export type Remembered = z.infer<typeof Remembered>;

const keyOf = (tabId: number, site: string) => `${tabId} ${site}`;

export function createRemembered(now: () => number) {
  const state = createSessionState<z.infer<typeof Store>>('session:autofillRemembered', guard(Store), () => ({}));

  const remember = (tabId: number, site: string, what: { itemId: string } | { username: string }) =>
    state.update((store) => {
      for (const [key, entry] of Object.entries(store)) if (entry.until <= now()) delete store[key];
      const key = keyOf(tabId, site);
      const earlier = Object.hasOwn(store, key) && store[key]!.until > now() ? store[key]! : null;
      // Choosing an item forgets a username typed before; submitting step 1 (after a fill, too) keeps the chosen item.
      store[key] = 'itemId' in what
        ? { itemId: what.itemId, username: null, until: now() + REMEMBER_MS }
        : { itemId: earlier?.itemId ?? null, username: what.username, until: now() + REMEMBER_MS };
      return { changed: true, result: undefined };
    });

  return {
    rememberItem: (tabId: number, site: string, itemId: string) => remember(tabId, site, { itemId }),
    rememberUsername: (tabId: number, site: string, username: string) => remember(tabId, site, { username }),

    async recall(tabId: number, site: string): Promise<Remembered | null> {
      const key = keyOf(tabId, site);
      const store = await state.read();
      const entry = Object.hasOwn(store, key) ? store[key] : undefined;
      return entry && entry.until > now() ? entry : null;
    },

    dropTab: (tabId: number) =>
      state.update((store) => {
        let changed = false;
        for (const key of Object.keys(store)) {
          if (key.startsWith(`${tabId} `)) {
            delete store[key];
            changed = true;
          }
        }
        return { changed, result: undefined };
      }),
  };
}

export type RememberedStore = ReturnType<typeof createRemembered>;
