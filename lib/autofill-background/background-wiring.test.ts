/**
 * entrypoints/background.ts as the browser runs it, for autofill: content scripts reach only the
 * content router, extension pages only the page handlers — with senders stamped like the browser's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background.ts';

const tab = { id: 3, index: 0, windowId: 1, active: true } as Browser.tabs.Tab;
const contentScript: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: 'https://bank.example/login', tab, frameId: 0 };
const popupPage: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const menuPage: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/autofill-menu.html'), tab, frameId: 5 };
const otherExtension: Browser.runtime.MessageSender = { id: 'another-extension', url: 'chrome-extension://another-extension/page.html', tab, frameId: 0 };
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA';

async function deliver(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown[]> {
  const answers: unknown[] = await fakeBrowser.runtime.onMessage.trigger(message, sender, () => undefined);
  return Promise.all(answers);
}

beforeEach(() => {
  void background.main();
});

describe('background autofill wiring', () => {
  it.each([
    ['autofillMenu.state', { token: TOKEN }],
    ['autofillMenu.fill', { token: TOKEN, itemId: TOKEN, confirmed: true }],
    ['autofillPrompt.details', { token: TOKEN }],
    ['autofill.fillFromPopup', { itemId: TOKEN, confirmed: true }],
    ['autofill.settings', {}],
    ['vault.get', { id: TOKEN }],
  ])('gives a content script no answer to %s', async (type, payload) => {
    expect(await deliver({ type, payload }, contentScript)).toEqual([undefined]);
  });

  it('answers a content script’s autofill.openMenu (null: nobody is signed in)', async () => {
    expect(await deliver({ type: 'autofill.openMenu', payload: { field: 'password', formKind: 'sign-in', opaqueOrigin: false } }, contentScript)).toEqual([{ ok: true, value: null }]);
  });

  it('gives an extension page no answer to a content-script message', async () => {
    expect(await deliver({ type: 'autofill.openMenu', payload: { field: 'password', formKind: 'sign-in', opaqueOrigin: false } }, popupPage)).toEqual([undefined]);
  });

  it('gives another extension no answer', async () => {
    expect(await deliver({ type: 'autofill.openMenu', payload: { field: 'password', formKind: 'sign-in', opaqueOrigin: false } }, otherExtension)).toEqual([undefined]);
    expect(await deliver({ type: 'autofillMenu.state', payload: { token: TOKEN } }, otherExtension)).toEqual([undefined]);
  });

  it('answers the popup’s autofill.settings with the defaults', async () => {
    expect(await deliver({ type: 'autofill.settings', payload: {} }, popupPage)).toEqual([{ ok: true, value: { fillOnLoad: false, neverSites: [] } }]);
  });

  it('answers a menu page’s unknown token with autofill_expired', async () => {
    expect(await deliver({ type: 'autofillMenu.state', payload: { token: TOKEN } }, menuPage)).toEqual([{ ok: false, error: { code: 'autofill_expired' } }]);
  });

  it('answers a malformed token with invalid_request', async () => {
    expect(await deliver({ type: 'autofillMenu.state', payload: { token: 'short' } }, menuPage)).toEqual([{ ok: false, error: { code: 'invalid_request' } }]);
  });
});
