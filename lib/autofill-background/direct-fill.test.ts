/**
 * Fills without the in-page menu (direct-fill.ts through autofill.ts): the popup's "Fill" button,
 * the `fill-login` shortcut, and the opt-in fill on page load.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { SignInKind } from '../autofill/sign-in-kind.ts';
import type { Browser } from 'wxt/browser';
import { codeOf, contentSender, createHarness, type Harness, pageSender, site } from './test-support/harness.ts';

const BANK = 'https://bank.example';
const top = contentSender({ tabId: 1, frameId: 0, url: `${BANK}/login`, origin: BANK, documentId: 'doc-top' });
const popup = pageSender(null, '/popup.html');

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});

const formsFound = (sender: Browser.runtime.MessageSender, kinds: SignInKind[] = ['sign-in'], sameSiteAction = true) =>
  h.content('autofill.formsFound', { kinds, sameSiteAction, opaqueOrigin: false }, sender);

describe('autofill.fillFromPopup', () => {
  it('fills the top frame of the active tab when it has the item’s site', async () => {
    const item = await h.addItem(site('Bank', BANK));
    await formsFound(top);
    expect(await h.page('autofill.fillFromPopup', { itemId: item.id, confirmed: false }, popup)).toEqual({ filled: true });
    expect(h.fills()).toEqual([
      { tabId: 1, message: { type: 'tessera.fill', target: 'best', origin: 'https://bank.example', username: 'bank@example.com', password: 'pw-Bank' }, options: { frameId: 0, documentId: 'doc-top' } },
    ]);
  });

  it('prefers the frame that last opened a menu when the item matches it', async () => {
    const widget = await h.addItem(site('Widget', 'https://widget.example'));
    await h.addItem(site('Bank', BANK));
    const frame = contentSender({ frameId: 6, url: 'https://widget.example/login', origin: 'https://widget.example', documentId: 'doc-w' });
    await formsFound(top);
    await formsFound(frame);
    await h.openMenu(frame);
    await h.page('autofill.fillFromPopup', { itemId: widget.id, confirmed: false }, popup);
    expect(h.fills()[0]?.options).toEqual({ frameId: 6, documentId: 'doc-w' });
  });

  it('takes the top frame over the menu’s frame when only the top frame matches the item', async () => {
    const bank = await h.addItem(site('Bank', BANK));
    await h.addItem(site('Widget', 'https://widget.example'));
    const frame = contentSender({ frameId: 6, url: 'https://widget.example/login', origin: 'https://widget.example', documentId: 'doc-w' });
    await formsFound(top);
    await formsFound(frame);
    await h.openMenu(frame);
    await h.page('autofill.fillFromPopup', { itemId: bank.id, confirmed: false }, popup);
    expect(h.fills()[0]?.options).toEqual({ frameId: 0, documentId: 'doc-top' });
  });

  it('falls back to another frame with sign-in forms that matches the item', async () => {
    const widget = await h.addItem(site('Widget', 'https://widget.example'));
    await formsFound(top);
    await formsFound(contentSender({ frameId: 8, url: 'https://widget.example/login', origin: 'https://widget.example' }));
    await h.page('autofill.fillFromPopup', { itemId: widget.id, confirmed: false }, popup);
    expect(h.fills()[0]?.options).toEqual({ frameId: 8 });
  });

  it('answers site_mismatch when no frame of the tab matches the item, and sends nothing', async () => {
    const other = await h.addItem(site('Other', 'https://other.example'));
    await formsFound(top);
    expect(await codeOf(h.page('autofill.fillFromPopup', { itemId: other.id, confirmed: true }, popup))).toBe('site_mismatch');
    expect(h.sent).toEqual([]);
  });

  it('answers no_fillable_form when the active tab reported no sign-in form', async () => {
    const item = await h.addItem(site('Bank', BANK));
    await formsFound(contentSender({ tabId: 2, url: `${BANK}/login`, origin: BANK }));
    expect(await codeOf(h.page('autofill.fillFromPopup', { itemId: item.id, confirmed: false }, popup))).toBe('no_fillable_form');
  });

  it('answers confirmation_required for an https item on an http page until confirmed', async () => {
    const item = await h.addItem(site('Bank', BANK));
    await formsFound(contentSender({ url: 'http://bank.example/login', origin: 'http://bank.example' }));
    expect(await codeOf(h.page('autofill.fillFromPopup', { itemId: item.id, confirmed: false }, popup))).toBe('confirmation_required');
    expect(h.fills()).toEqual([]);
    expect(await h.page('autofill.fillFromPopup', { itemId: item.id, confirmed: true }, popup)).toEqual({ filled: true });
  });

  it('answers vault_locked while locked', async () => {
    const item = await h.addItem(site('Bank', BANK));
    await formsFound(top);
    await h.device.handlers['vault.lock']({});
    expect(await codeOf(h.page('autofill.fillFromPopup', { itemId: item.id, confirmed: false }, popup))).toBe('vault_locked');
  });

  it('never fills a frame that reported no forms, even when it is the top frame', async () => {
    const item = await h.addItem(site('Bank', BANK));
    expect(await codeOf(h.page('autofill.fillFromPopup', { itemId: item.id, confirmed: false }, popup))).toBe('no_fillable_form');
  });
});

describe('the fill-login command', () => {
  it('fills the best match: favourites first, then by title', async () => {
    await h.addItem(site('Alpha', BANK));
    await h.addItem(site('Zulu', BANK), true);
    await formsFound(top);
    await h.autofill.onCommand('fill-login', { id: 1 } as Browser.tabs.Tab);
    expect(h.fills()).toHaveLength(1);
    expect(h.fills()[0]?.message).toMatchObject({ target: 'best', username: 'zulu@example.com' });
  });

  it('fills the login chosen on a username-first step before the best match', async () => {
    await h.addItem(site('Alpha', BANK), true);
    const chosen = await h.addItem(site('Zulu', BANK));
    const step1 = contentSender({ url: `${BANK}/signin`, origin: BANK, documentId: 'doc-1' });
    const token = await h.openMenu(step1, 'username', 'username-first');
    await h.page('autofillMenu.fill', { token, itemId: chosen.id, confirmed: false }, pageSender(1));
    await formsFound(contentSender({ url: `${BANK}/signin/password`, origin: BANK, documentId: 'doc-2' }));
    await h.autofill.onCommand('fill-login', { id: 1 } as Browser.tabs.Tab);
    expect(h.fills().at(-1)?.message).toMatchObject({ username: 'zulu@example.com', password: 'pw-Zulu' });
  });

  it('fills the frame that last opened a menu', async () => {
    await h.addItem(site('Widget', 'https://widget.example'));
    await h.addItem(site('Bank', BANK));
    const frame = contentSender({ frameId: 6, url: 'https://widget.example/login', origin: 'https://widget.example', documentId: 'doc-w' });
    await formsFound(top);
    await h.openMenu(frame);
    await h.autofill.onCommand('fill-login', { id: 1 } as Browser.tabs.Tab);
    expect(h.fills()[0]).toMatchObject({ options: { frameId: 6 }, message: { username: 'widget@example.com' } });
  });

  it('fills nothing that needs a confirmation', async () => {
    await h.addItem(site('Bank', BANK));
    await formsFound(contentSender({ url: 'http://bank.example/login', origin: 'http://bank.example' }));
    await h.autofill.onCommand('fill-login', { id: 1 } as Browser.tabs.Tab);
    expect(h.sent).toEqual([]);
  });

  it('fills no other registered frame than the menu’s and the top frame', async () => {
    await h.addItem(site('Widget', 'https://widget.example'));
    await formsFound(top);
    await formsFound(contentSender({ frameId: 8, url: 'https://widget.example/login', origin: 'https://widget.example' }));
    await h.autofill.onCommand('fill-login', { id: 1 } as Browser.tabs.Tab);
    expect(h.sent).toEqual([]);
  });

  it('opens the popup instead while locked', async () => {
    await h.addItem(site('Bank', BANK));
    await formsFound(top);
    await h.device.handlers['vault.lock']({});
    await h.autofill.onCommand('fill-login', { id: 1 } as Browser.tabs.Tab);
    expect(h.browser.popupsOpened).toBe(1);
    expect(h.sent).toEqual([]);
  });

  it('uses the active tab when the browser gives none, and ignores other commands', async () => {
    await h.addItem(site('Bank', BANK));
    await formsFound(top);
    await h.autofill.onCommand('something-else');
    expect(h.sent).toEqual([]);
    await h.autofill.onCommand('fill-login');
    expect(h.fills()).toHaveLength(1);
  });
});

describe('fill on page load', () => {
  const turnOn = () => h.page('autofill.setFillOnLoad', { enabled: true }, popup);

  it('fills the top frame’s only matching login when turned on', async () => {
    await h.addItem(site('Bank', BANK));
    await turnOn();
    await formsFound(top);
    expect(h.fills()).toEqual([
      { tabId: 1, message: { type: 'tessera.fill', target: 'best', origin: 'https://bank.example', username: 'bank@example.com', password: 'pw-Bank' }, options: { frameId: 0, documentId: 'doc-top' } },
    ]);
  });

  it('fills nothing while the setting is off (the default)', async () => {
    await h.addItem(site('Bank', BANK));
    await formsFound(top);
    expect(h.sent).toEqual([]);
  });

  it.each([
    ['a frame other than the top frame', contentSender({ frameId: 2, url: `${BANK}/login`, origin: BANK }), ['sign-in'], true],
    ['a form posting to another site', top, ['sign-in'], false],
    ['a page without a sign-in form (username-first)', top, ['username-first'], true],
    ['an opaque top frame', contentSender({ url: `${BANK}/login`, origin: 'null' }), ['sign-in'], true],
  ] as const)('fills nothing into %s', async (_name, sender, kinds, sameSiteAction) => {
    await h.addItem(site('Bank', BANK));
    await turnOn();
    await formsFound(sender, [...kinds], sameSiteAction);
    expect(h.sent).toEqual([]);
  });

  it('fills nothing when two logins match', async () => {
    await h.addItem(site('Bank', BANK));
    await h.addItem(site('Bank 2', BANK));
    await turnOn();
    await formsFound(top);
    expect(h.sent).toEqual([]);
  });

  it('fills nothing that would need a confirmation', async () => {
    await h.addItem(site('Bank', BANK));
    await turnOn();
    await formsFound(contentSender({ url: 'http://bank.example/login', origin: 'http://bank.example' }));
    expect(h.sent).toEqual([]);
  });

  it('fills nothing while locked', async () => {
    await h.addItem(site('Bank', BANK));
    await turnOn();
    await h.device.handlers['vault.lock']({});
    await formsFound(top);
    expect(h.sent).toEqual([]);
  });

  it('fills a document once, even when it reports new kinds of forms', async () => {
    await h.addItem(site('Bank', BANK));
    await turnOn();
    await formsFound(top);
    await formsFound(top, ['sign-in', 'one-time-code']);
    expect(h.fills()).toHaveLength(1);
  });

  it('answers the content script even when the fill fails', async () => {
    await h.addItem(site('Bank', BANK));
    await turnOn();
    h.browser.answer = () => new Error('gone');
    expect(await formsFound(top)).toEqual({ ok: true });
    expect(h.unexpected).toEqual([]);
  });
});
