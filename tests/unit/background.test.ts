/**
 * The composition root (entrypoints/background.ts) as the browser runs it: its onMessage listener,
 * with senders stamped like the browser stamps them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background.ts';

const popupPage: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const tab = { id: 3, index: 0, windowId: 1, active: true } as Browser.tabs.Tab;

/** What the background's listeners answer (undefined: no answer). */
async function deliver(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown[]> {
  const answers: unknown[] = await fakeBrowser.runtime.onMessage.trigger(message, sender, () => undefined);
  return Promise.all(answers);
}

beforeEach(() => {
  void background.main();
});

describe('background', () => {
  it('answers the popup’s settings.get with the built-in server when nothing was chosen', async () => {
    const [answer] = await deliver({ type: 'settings.get', payload: {} }, popupPage);
    expect(answer).toMatchObject({ ok: true, value: { custom: false } });
  });

  it('answers the popup’s session.status as signed out when nobody signed in', async () => {
    expect(await deliver({ type: 'session.status', payload: {} }, popupPage)).toEqual([{ ok: true, value: { state: 'signed_out', lastEmail: null, pending: null } }]);
  });

  it('answers the popup’s attempt.cancel with the signed-out status when nothing was interrupted', async () => {
    expect(await deliver({ type: 'attempt.cancel', payload: {} }, popupPage)).toEqual([{ ok: true, value: { state: 'signed_out', lastEmail: null, pending: null } }]);
  });

  it.each([
    ['attempt.continue', { captchaAnswer: 'AB3K9X' }, 'invalid_request'],
    ['attempt.newPicture', {}, 'invalid_request'],
    ['attempt.resendSms', {}, 'invalid_request'],
    ['twoStep.status', {}, 'unauthorized'],
    ['twoStep.setPhone', { phone: '+491512345678', password: 'Quartz-Lantern-47' }, 'unauthorized'],
    ['twoStep.verifyPhone', { code: '123456' }, 'unauthorized'],
    ['twoStep.setSms', { enabled: true, password: 'Quartz-Lantern-47' }, 'unauthorized'],
    ['twoStep.startTotp', { password: 'Quartz-Lantern-47' }, 'unauthorized'],
    ['twoStep.confirmTotp', { code: '123456' }, 'unauthorized'],
    ['twoStep.disableTotp', { password: 'Quartz-Lantern-47' }, 'unauthorized'],
  ])('answers the popup’s %s with %s when nobody is signed in and nothing was interrupted', async (type, payload, code) => {
    expect(await deliver({ type, payload }, popupPage)).toEqual([{ ok: false, error: { code } }]);
  });

  it('gives no answer when a content script sends a popup message', async () => {
    const contentScript = { id: fakeBrowser.runtime.id, url: 'https://bank.example/login', tab };
    expect(await deliver({ type: 'session.status', payload: {} }, contentScript)).toEqual([undefined]);
  });

  it('gives no answer when a content script in an about:blank frame sends a popup message', async () => {
    const blankFrame = { id: fakeBrowser.runtime.id, url: 'about:blank', tab, frameId: 4 };
    expect(await deliver({ type: 'session.status', payload: {} }, blankFrame)).toEqual([undefined]);
  });

  it('gives no answer when another extension sends a message', async () => {
    const other = { id: 'another-extension-id', url: 'chrome-extension://another-extension-id/popup.html' };
    expect(await deliver({ type: 'session.status', payload: {} }, other)).toEqual([undefined]);
  });
});
