/**
 * Background-only. "Save password?" / "Update password?" after a form was submitted. Invariants:
 * offers are made only while unlocked, only for an http(s) frame (never an opaque one), never for a
 * site on the "never" list; the prompt is shown by the tab's TOP frame and answered only by an
 * extension page in that tab holding the offer's token; the prompt never sees the password, and
 * the new item's website is the submitting frame's own origin.
 */
import type { ContentRequestMap, PromptDetails } from '../autofill/protocol.ts';
import type { RequestOf, ResponseMap } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import type { ItemContent } from '../protocol/vault-item.ts';
import type { AutofillVaultParts } from '../vault/autofill-parts.ts';
import type { AutofillSettingsService } from './autofill-settings.ts';
import { sendQuietly, type SendToFrame } from './fill.ts';
import { type FrameRef, hostOf, siteOf } from './frame-ref.ts';
import { frameMatches } from './item-match.ts';
import { type Candidate, decideOffer } from './offer-rules.ts';
import type { RememberedStore } from './remembered.ts';
import type { TokenStore } from './tokens.ts';

/** Logins compared per submit at most (a site with more saved logins than this is a vault bug). */
const CANDIDATE_LIMIT = 50;
const TOP_FRAME = { frameId: 0 };

export interface SaveOfferDeps {
  vault: AutofillVaultParts;
  settings: AutofillSettingsService;
  tokens: TokenStore;
  remembered: RememberedStore;
  send: SendToFrame;
}

export function createSaveOffers({ vault, settings, tokens, remembered, send }: SaveOfferDeps) {
  async function candidatesFor(frame: FrameRef): Promise<Candidate[] | null> {
    const entries = await vault.entries();
    if (!entries) return null;
    const candidates: Candidate[] = [];
    for (const { preview } of frameMatches(entries, frame).slice(0, CANDIDATE_LIMIT)) {
      try {
        const { content } = await vault.item(preview.id);
        if (content.login) candidates.push({ id: preview.id, title: content.title, username: content.login.username, password: content.login.password });
      } catch (error) {
        if (!(error instanceof MessageFailure)) throw error; // undecryptable or gone: not a candidate
      }
    }
    return candidates;
  }

  const closePrompt = (tabId: number) => sendQuietly(send, tabId, { type: 'tessera.closePrompt' }, TOP_FRAME);

  return {
    async submitted(frame: FrameRef, submission: ContentRequestMap['autofill.submitted']['request']): Promise<{ prompt: 'save' | 'update' | null }> {
      const site = siteOf(frame);
      if (!site || !frame.origin) return { prompt: null };
      if (submission.formKind === 'username-first') {
        // Step 1 of two: only the username, for step 2's offer.
        if (submission.username.trim() !== '') await remembered.rememberUsername(frame.tabId, site, submission.username.trim());
        return { prompt: null };
      }
      if ((await vault.access()) !== 'unlocked' || (await settings.isNever(site))) return { prompt: null };
      const candidates = await candidatesFor(frame);
      if (!candidates) return { prompt: null };
      const username = submission.username.trim() || ((await remembered.recall(frame.tabId, site))?.username ?? '');
      const decision = decideOffer({ ...submission, username }, candidates);
      if (!decision) return { prompt: null };
      const token = await tokens.issuePrompt(frame, {
        kind: decision.kind,
        username: decision.username,
        password: decision.password,
        itemId: decision.kind === 'update' ? decision.itemId : null,
        itemTitle: decision.kind === 'update' ? decision.itemTitle : null,
        title: site,
        host: hostOf(frame),
        site,
        origin: frame.origin,
      });
      // Not awaited: the top frame may be navigating away; it then asks `autofill.pendingPrompt`.
      void sendQuietly(send, frame.tabId, { type: 'tessera.showPrompt', token }, TOP_FRAME);
      return { prompt: decision.kind };
    },

    /** Only the top frame shows prompts. */
    async pendingPrompt(frame: FrameRef): Promise<{ token: string } | null> {
      const token = frame.frameId === 0 ? await tokens.pendingPrompt(frame.tabId) : null;
      return token ? { token } : null;
    },

    async details({ token }: RequestOf<'autofillPrompt.details'>, senderTabId: number | undefined): Promise<PromptDetails> {
      const { offer } = await tokens.prompt(token, senderTabId);
      await tokens.markShown(token);
      return { kind: offer.kind, title: offer.title, username: offer.username, host: offer.host, itemTitle: offer.itemTitle };
    },

    async save({ token, title, username }: RequestOf<'autofillPrompt.save'>, senderTabId: number | undefined): Promise<ResponseMap['autofillPrompt.save']> {
      const { offer, frame } = await tokens.prompt(token, senderTabId);
      let itemId: string;
      if (offer.kind === 'update' && offer.itemId) {
        itemId = (await vault.updateLogin(offer.itemId, { username: username.trim() || offer.username, password: offer.password })).id;
      } else {
        const content: ItemContent = {
          kind: 'login',
          title: title.trim() || offer.title,
          notes: '',
          fields: [],
          login: { username: username.trim(), password: offer.password, websites: [{ url: offer.origin, match: 'site' }], totp: '' },
        };
        itemId = (await vault.createLogin(content)).id;
      }
      await tokens.drop(token);
      await vault.markActivity();
      await closePrompt(frame.tabId);
      return { saved: true, itemId };
    },

    async never({ token }: RequestOf<'autofillPrompt.never'>, senderTabId: number | undefined): Promise<ResponseMap['autofillPrompt.never']> {
      const { offer, frame } = await tokens.prompt(token, senderTabId);
      await settings.addNeverSite(offer.site);
      await tokens.drop(token);
      await closePrompt(frame.tabId);
      return { site: offer.site };
    },

    async dismiss({ token }: RequestOf<'autofillPrompt.dismiss'>, senderTabId: number | undefined): Promise<ResponseMap['autofillPrompt.dismiss']> {
      const { frame } = await tokens.prompt(token, senderTabId);
      await tokens.drop(token);
      await closePrompt(frame.tabId);
      return { closed: true };
    },
  };
}

export type SaveOffers = ReturnType<typeof createSaveOffers>;
