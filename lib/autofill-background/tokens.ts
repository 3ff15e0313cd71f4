/**
 * Background-only. Tokens of the in-page menu and the save/update prompt. Invariants: a token is 128
 * random bits made here; it binds one tab, frame and document; it is honoured only for an extension
 * page in that same tab (the menu or prompt iframe the content script put there) and only before it
 * expires (menu 10 minutes; save offer 2 minutes, 10 once the prompt showed it). A prompt token's
 * offer holds the submitted password: it lives here (memory + storage.session) and nowhere else,
 * and is dropped when the vault locks.
 */
import { z } from 'zod';
import type { FocusedField } from '../autofill/protocol.ts';
import type { SignInKind } from '../autofill/sign-in-kind.ts';
import { toBase64 } from '../crypto/base64.ts';
import type { FrameRef } from './frame-ref.ts';
import { MessageFailure } from '../messaging/router.ts';
import { createSessionState } from './session-state.ts';
import { FocusedFieldSchema, guard, SignInKindSchema, StoredFrame } from './stored-shapes.ts';

const MINUTE = 60_000;
export const MENU_TTL_MS = 10 * MINUTE;
export const OFFER_TTL_MS = 2 * MINUTE;
export const SHOWN_OFFER_TTL_MS = 10 * MINUTE;

const Offer = z.strictObject({
  kind: z.enum(['save', 'update']),
  username: z.string(),
  password: z.string(),
  /** 'update': the item that gets the new password. */
  itemId: z.string().nullable(),
  itemTitle: z.string().nullable(),
  /** Suggested title (registrable domain or host). */
  title: z.string(),
  host: z.string(),
  /** The frame's site (registrable domain or host): what "Never for this site" remembers. */
  site: z.string(),
  /** The frame's origin: the new item's website. */
  origin: z.string(),
});
export type Offer = z.infer<typeof Offer>;

const MenuToken = z.strictObject({ kind: z.literal('menu'), frame: StoredFrame, field: FocusedFieldSchema, formKind: SignInKindSchema, expiresAt: z.number() });
const PromptToken = z.strictObject({
  kind: z.literal('prompt'),
  frame: StoredFrame,
  offer: Offer,
  /** Until when a newly loaded top frame may still ask for it (`autofill.pendingPrompt`). */
  offerUntil: z.number(),
  expiresAt: z.number(),
});
const Tokens = z.record(z.string(), z.discriminatedUnion('kind', [MenuToken, PromptToken]));
export type MenuToken = z.infer<typeof MenuToken>;
export type PromptToken = z.infer<typeof PromptToken>;
type Tokens = z.infer<typeof Tokens>;

/** 128 random bits, base64url (22 characters). */
export function newToken(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(16))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function withoutExpired(tokens: Tokens, now: number): boolean {
  let changed = false;
  for (const [token, record] of Object.entries(tokens)) {
    if (record.expiresAt <= now) {
      delete tokens[token];
      changed = true;
    }
  }
  return changed;
}

export function createTokens(now: () => number) {
  const state = createSessionState<Tokens>('session:autofillTokens', guard(Tokens), () => ({}));

  /** Drops the tokens `drop` picks (and the expired ones). */
  const dropWhere = (drop: (record: Tokens[string]) => boolean) =>
    state.update((tokens) => {
      let changed = withoutExpired(tokens, now());
      for (const [token, record] of Object.entries(tokens)) {
        if (drop(record)) {
          delete tokens[token];
          changed = true;
        }
      }
      return { changed, result: undefined };
    });

  function issue(record: Tokens[string], replaces: (other: Tokens[string]) => boolean): Promise<string> {
    const token = newToken();
    return state.update((tokens) => {
      withoutExpired(tokens, now());
      for (const [other, existing] of Object.entries(tokens)) if (replaces(existing)) delete tokens[other];
      tokens[token] = record;
      return { changed: true, result: token };
    });
  }

  /** The live record of `token` of this kind, opened by an extension page in `senderTabId`; else `autofill_expired`. */
  async function lookup<K extends 'menu' | 'prompt'>(token: string, kind: K, senderTabId: number | undefined) {
    const tokens = await state.read();
    const record = Object.hasOwn(tokens, token) ? tokens[token] : undefined;
    if (!record || record.kind !== kind || record.expiresAt <= now() || senderTabId === undefined || record.frame.tabId !== senderTabId) {
      throw new MessageFailure('autofill_expired');
    }
    return record as K extends 'menu' ? MenuToken : PromptToken;
  }

  return {
    /** One menu per frame: an earlier menu token of the same frame stops working. */
    issueMenu: (frame: FrameRef, field: FocusedField, formKind: SignInKind) =>
      issue({ kind: 'menu', frame, field, formKind, expiresAt: now() + MENU_TTL_MS }, (other) => other.kind === 'menu' && other.frame.tabId === frame.tabId && other.frame.frameId === frame.frameId),

    /** One offer per tab: a newer submit replaces the earlier offer. */
    issuePrompt: (frame: FrameRef, offer: Offer) =>
      issue({ kind: 'prompt', frame, offer, offerUntil: now() + OFFER_TTL_MS, expiresAt: now() + OFFER_TTL_MS }, (other) => other.kind === 'prompt' && other.frame.tabId === frame.tabId),

    menu: (token: string, senderTabId: number | undefined) => lookup(token, 'menu', senderTabId),
    prompt: (token: string, senderTabId: number | undefined) => lookup(token, 'prompt', senderTabId),

    /** The prompt showed the offer: the person gets time to answer it. */
    markShown: (token: string) =>
      state.update((tokens) => {
        const record = Object.hasOwn(tokens, token) ? tokens[token] : undefined;
        if (record?.kind !== 'prompt') return { changed: false, result: undefined };
        record.expiresAt = Math.max(record.expiresAt, now() + SHOWN_OFFER_TTL_MS);
        return { changed: true, result: undefined };
      }),

    /** The tab's offer a newly loaded top frame may still show (its submit navigated away). */
    async pendingPrompt(tabId: number): Promise<string | null> {
      const at = now();
      for (const [token, record] of Object.entries(await state.read())) {
        if (record.kind === 'prompt' && record.frame.tabId === tabId && record.offerUntil > at && record.expiresAt > at) return token;
      }
      return null;
    },

    drop: (token: string) =>
      state.update((tokens) => {
        const changed = Object.hasOwn(tokens, token);
        delete tokens[token];
        return { changed, result: undefined };
      }),

    dropTab: (tabId: number) => dropWhere((record) => record.frame.tabId === tabId),
    /** After the tab's top frame navigated: menus of frames that carry no document id can no longer be told apart from the next page's. */
    dropUnboundMenus: (tabId: number) => dropWhere((record) => record.kind === 'menu' && record.frame.tabId === tabId && record.frame.documentId === null),
    /** The vault locked: submitted passwords go. Cheap when there is nothing to drop (runs on every check while locked). */
    async dropOffers(): Promise<void> {
      const tokens = await state.read();
      if (Object.values(tokens).some((record) => record.kind === 'prompt')) await dropWhere((record) => record.kind === 'prompt');
    },
  };
}

export type TokenStore = ReturnType<typeof createTokens>;
