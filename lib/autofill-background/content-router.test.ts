/**
 * The content-script entry point (content-router.ts with autofill.ts's handlers): payloads are
 * parsed strictly, the frame comes from the sender, and no answer ever carries an item's details.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createContentRouter } from './content-router.ts';
import { contentSender, createHarness, type Harness, site } from './test-support/harness.ts';

const BANK = 'https://bank.example';
const top = contentSender({ url: `${BANK}/login`, origin: BANK, documentId: 'doc-top' });

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});

describe('content router', () => {
  it.each([
    ['an origin of its own choosing', 'autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin: false, origin: 'https://bank.example' }],
    ['a frame id of its own choosing', 'autofill.formsFound', { kinds: ['sign-in'], sameSiteAction: true, opaqueOrigin: false, frameId: 0 }],
    ['an item id', 'autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin: false, itemId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
    ['an unknown form kind', 'autofill.openMenu', { field: 'password', formKind: 'everything', opaqueOrigin: false }],
    ['a missing flag', 'autofill.submitted', { formKind: 'sign-in', username: 'a', password: 'b', newPassword: null }],
    ['a password too long for an item', 'autofill.submitted', { formKind: 'sign-in', username: 'a', password: 'x'.repeat(1001), newPassword: null, opaqueOrigin: false }],
    ['anything in pendingPrompt', 'autofill.pendingPrompt', { tabId: 2 }],
  ])('answers invalid_request to a payload with %s', async (_name, type, payload) => {
    await h.addItem(site('Bank', BANK));
    expect(await h.fromContent(type as 'autofill.openMenu', payload, top)).toEqual({ ok: false, error: { code: 'invalid_request' } });
  });

  it.each(['autofillMenu.state', 'autofillMenu.fill', 'autofillPrompt.details', 'autofill.fillFromPopup', 'vault.get', 'vault.list', 'toString', '__proto__'])(
    'does not answer a content script’s %s at all',
    async (type) => {
      const route = createContentRouter(h.autofill.contentHandlers, () => undefined);
      expect(route({ type, payload: { token: 'AAAAAAAAAAAAAAAAAAAAAA', itemId: 'AAAAAAAAAAAAAAAAAAAAAA', id: 'AAAAAAAAAAAAAAAAAAAAAA', confirmed: true } }, top)).toBeUndefined();
    },
  );

  it('does not answer what is not a message', () => {
    const route = createContentRouter(h.autofill.contentHandlers, () => undefined);
    for (const message of [null, 'autofill.openMenu', 42, { payload: {} }]) expect(route(message, top)).toBeUndefined();
  });

  it.each([
    ['no tab', { ...top, tab: undefined }],
    ['no frame id', { ...top, frameId: undefined }],
  ])('answers invalid_request to a sender with %s', async (_name, sender) => {
    expect(await h.fromContent('autofill.formsFound', { kinds: ['sign-in'], sameSiteAction: true, opaqueOrigin: false }, sender)).toEqual({ ok: false, error: { code: 'invalid_request' } });
  });

  it('never answers an item’s title, username or password to anything a content script can send', async () => {
    await h.addItem(site('Bank of Tests', BANK, { username: 'octo@bank.example', password: 'Very-Secret-1' }));
    const answers = [
      await h.fromContent('autofill.formsFound', { kinds: ['sign-in', 'one-time-code'], sameSiteAction: true, opaqueOrigin: false }, top),
      await h.fromContent('autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin: false }, top),
      await h.fromContent('autofill.openMenu', { field: 'username', formKind: 'username-first', opaqueOrigin: false }, top),
      await h.fromContent('autofill.submitted', { formKind: 'sign-in', username: 'octo@bank.example', password: 'guess', newPassword: null, opaqueOrigin: false }, top),
      await h.fromContent('autofill.pendingPrompt', {}, top),
    ];
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const text = JSON.stringify(answers);
    for (const secret of ['Bank of Tests', 'octo@bank.example', 'Very-Secret-1', 'bank.example']) expect(text).not.toContain(secret);
    // No fill reached any frame: only a user's choice in an extension page (or the opt-in page-load fill) sends one.
    expect(h.fills()).toEqual([]);
  });

  it('answers internal_error and logs no payload when a handler fails unexpectedly', async () => {
    const logged: unknown[] = [];
    const route = createContentRouter(
      {
        ...h.autofill.contentHandlers,
        'autofill.submitted': async () => {
          throw new TypeError('boom');
        },
      },
      (type, error) => logged.push([type, error instanceof Error ? error.name : 'unknown']),
    );
    const answer = await route({ type: 'autofill.submitted', payload: { formKind: 'sign-in', username: 'u', password: 'Secret-9', newPassword: null, opaqueOrigin: false } }, top);
    expect(answer).toEqual({ ok: false, error: { code: 'internal_error' } });
    expect(JSON.stringify(logged)).not.toContain('Secret-9');
  });
});
