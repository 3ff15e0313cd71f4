/**
 * The in-page menu's background side (menu.ts through autofill.ts): what a content script may learn
 * (a token, never a preview), what the menu iframe sees, and where the chosen item goes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MENU_TTL_MS } from './tokens.ts';
import { codeOf, contentSender, createHarness, GENERATED, type Harness, pageSender, site } from './test-support/harness.ts';

const BANK = 'https://bank.example';
const top = contentSender({ tabId: 1, frameId: 0, url: `${BANK}/login`, origin: BANK, documentId: 'doc-top' });
const menuPage = pageSender(1);

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});

describe('autofill.openMenu', () => {
  it('answers a token and nothing else when the frame has a matching login', async () => {
    await h.addItem(site('Bank', BANK));
    const answer = await h.content('autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin: false }, top);
    expect(Object.keys(answer ?? {})).toEqual(['token']);
    expect(answer?.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(answer)).not.toContain('pw-Bank');
    expect(JSON.stringify(answer)).not.toContain('bank@example.com');
  });

  it('answers null when the vault is unlocked and nothing matches the frame', async () => {
    await h.addItem(site('Other', 'https://other.example'));
    expect(await h.content('autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin: false }, top)).toBeNull();
  });

  it('still offers the generator on a new-password field with no saved login', async () => {
    expect(await h.content('autofill.openMenu', { field: 'newPassword', formKind: 'sign-up', opaqueOrigin: false }, top)).not.toBeNull();
  });

  it('answers a token while locked, so the menu can offer to unlock', async () => {
    await h.device.handlers['vault.lock']({});
    expect(await h.content('autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin: false }, top)).not.toBeNull();
  });

  it('answers null when nobody is signed in', async () => {
    h.device.account.current = null;
    expect(await h.content('autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin: false }, top)).toBeNull();
  });

  it.each([
    ['a sandboxed frame in Chrome (origin "null")', contentSender({ url: `${BANK}/login`, origin: 'null', frameId: 3 }), false],
    ['a data: frame', contentSender({ url: 'data:text/html,<form>', frameId: 3 }), false],
    ['a sandboxed frame in Firefox (the content script says opaque)', contentSender({ url: `${BANK}/login`, frameId: 3 }), true],
  ])('answers null for %s even with a login for the URL', async (_name, sender, opaqueOrigin) => {
    await h.addItem(site('Bank', BANK));
    expect(await h.content('autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin }, sender)).toBeNull();
  });
});

describe('autofillMenu.state', () => {
  it('lists only the logins matching the menu’s own frame, with no password', async () => {
    await h.addItem(site('Bank', BANK));
    await h.addItem(site('Elsewhere', 'https://elsewhere.example'));
    const token = await h.openMenu(top);
    const state = await h.page('autofillMenu.state', { token }, menuPage);
    expect(state).toMatchObject({ vault: 'unlocked', field: 'password', formKind: 'sign-in', host: 'bank.example' });
    expect(state.entries.map((entry) => entry.title)).toEqual(['Bank']);
    expect(JSON.stringify(state)).not.toContain('pw-');
  });

  it('lists the logins of a cross-origin iframe’s own site, not the page around it', async () => {
    await h.addItem(site('Bank', BANK));
    await h.addItem(site('Widget', 'https://widget.example'));
    const frame = contentSender({ tabId: 1, frameId: 4, url: 'https://widget.example/embed', origin: 'https://widget.example' });
    const token = await h.openMenu(frame);
    expect((await h.page('autofillMenu.state', { token }, menuPage)).entries.map((entry) => entry.title)).toEqual(['Widget']);
  });

  it('puts favourites first and marks an https login on an http page', async () => {
    await h.addItem(site('Zed', BANK), true);
    await h.addItem(site('Alpha', BANK));
    await h.addItem(site('Plain', 'http://bank.example'));
    const httpTop = contentSender({ url: 'http://bank.example/login', origin: 'http://bank.example' });
    const token = await h.openMenu(httpTop);
    const { entries } = await h.page('autofillMenu.state', { token }, menuPage);
    expect(entries.map((entry) => [entry.title, entry.needsConfirmation])).toEqual([
      ['Plain', null],
      ['Zed', 'http_downgrade'],
      ['Alpha', 'http_downgrade'],
    ]);
  });

  it('answers locked with no entries once the vault locked', async () => {
    await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    await h.device.handlers['vault.lock']({});
    expect(await h.page('autofillMenu.state', { token }, menuPage)).toMatchObject({ vault: 'locked', entries: [] });
  });

  it('answers autofill_expired to a menu page in another tab', async () => {
    await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    expect(await codeOf(h.page('autofillMenu.state', { token }, pageSender(2)))).toBe('autofill_expired');
  });

  it('answers autofill_expired to the popup (an extension page with no tab)', async () => {
    await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    expect(await codeOf(h.page('autofillMenu.state', { token }, pageSender(null)))).toBe('autofill_expired');
  });

  it('answers autofill_expired once the menu token is 10 minutes old', async () => {
    await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    h.device.clock.now += MENU_TTL_MS;
    expect(await codeOf(h.page('autofillMenu.state', { token }, menuPage))).toBe('autofill_expired');
  });

  it('answers autofill_expired to an earlier menu of the same frame', async () => {
    await h.addItem(site('Bank', BANK));
    const first = await h.openMenu(top);
    await h.openMenu(top, 'username');
    expect(await codeOf(h.page('autofillMenu.state', { token: first }, menuPage))).toBe('autofill_expired');
  });

  it('keeps working after a service-worker restart', async () => {
    await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    h.restart();
    expect((await h.page('autofillMenu.state', { token }, menuPage)).entries).toHaveLength(1);
  });
});

describe('autofillMenu.fill', () => {
  it('sends the chosen login to the frame and document that opened the menu, then closes the menu', async () => {
    const item = await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    expect(await h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage)).toEqual({ filled: true });
    expect(h.sent).toEqual([
      { tabId: 1, message: { type: 'tessera.fill', target: 'menu', origin: 'https://bank.example', username: 'bank@example.com', password: 'pw-Bank' }, options: { frameId: 0, documentId: 'doc-top' } },
      { tabId: 1, message: { type: 'tessera.closeMenu' }, options: { frameId: 0, documentId: 'doc-top' } },
    ]);
    expect(await codeOf(h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage))).toBe('autofill_expired');
  });

  it('sends no document id when the browser gave none (Firefox), and the frame’s origin comes from its URL', async () => {
    const item = await h.addItem(site('Bank', BANK));
    const firefoxTop = contentSender({ url: `${BANK}/login` });
    const token = await h.openMenu(firefoxTop);
    await h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage);
    expect(h.fills()[0]?.options).toEqual({ frameId: 0 });
  });

  it('refuses an item of another site (site_mismatch) and sends nothing', async () => {
    await h.addItem(site('Bank', BANK));
    const other = await h.addItem(site('Evil', 'https://evil.example'));
    const token = await h.openMenu(top);
    expect(await codeOf(h.page('autofillMenu.fill', { token, itemId: other.id, confirmed: true }, menuPage))).toBe('site_mismatch');
    expect(h.sent).toEqual([]);
  });

  it('refuses the top page’s login in a cross-origin iframe, even when the iframe’s URL names the top site', async () => {
    const bank = await h.addItem(site('Bank', BANK));
    await h.addItem(site('Widget', 'https://widget.example'));
    const frame = contentSender({ frameId: 4, url: 'https://widget.example/embed?next=https://bank.example/login', origin: 'https://widget.example', documentId: 'doc-w' });
    const token = await h.openMenu(frame);
    expect(await codeOf(h.page('autofillMenu.fill', { token, itemId: bank.id, confirmed: true }, menuPage))).toBe('site_mismatch');
    expect(h.fills()).toEqual([]);
  });

  it('answers confirmation_required for an https login on an http page, and fills once confirmed', async () => {
    const item = await h.addItem(site('Bank', BANK));
    const httpTop = contentSender({ url: 'http://bank.example/login', origin: 'http://bank.example', documentId: 'doc-http' });
    const token = await h.openMenu(httpTop);
    expect(await codeOf(h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage))).toBe('confirmation_required');
    expect(h.fills()).toEqual([]);
    expect(await h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: true }, menuPage)).toEqual({ filled: true });
    expect(h.fills()).toHaveLength(1);
  });

  it('answers autofill_expired when the token of tab A comes from an iframe in tab B', async () => {
    const item = await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    expect(await codeOf(h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, pageSender(2)))).toBe('autofill_expired');
    expect(h.sent).toEqual([]);
  });

  it('answers vault_locked while locked and sends nothing', async () => {
    const item = await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    await h.device.handlers['vault.lock']({});
    expect(await codeOf(h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage))).toBe('vault_locked');
    expect(h.sent).toEqual([]);
  });

  it('answers filled: false and keeps the menu when the content script found no fillable field', async () => {
    const item = await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    h.browser.answer = () => ({ filled: false });
    expect(await h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage)).toEqual({ filled: false });
    expect(h.sent.map((entry) => entry.message.type)).toEqual(['tessera.fill']);
  });

  it('answers no_fillable_form when the document went away', async () => {
    const item = await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    h.browser.answer = () => new Error('Could not establish connection. Receiving end does not exist.');
    expect(await codeOf(h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage))).toBe('no_fillable_form');
  });

  it('counts a fill as vault activity', async () => {
    const item = await h.addItem(site('Bank', BANK));
    h.device.clock.now += 14 * 60_000;
    const token = await h.openMenu(top);
    await h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage);
    h.device.clock.now += 14 * 60_000; // 28 minutes after the last vault message, 14 after the fill
    expect(await h.device.vault.isUnlocked()).toBe(true);
  });

  it('does not count opening a menu or reading its rows as activity', async () => {
    await h.addItem(site('Bank', BANK));
    h.device.clock.now += 14 * 60_000;
    const token = await h.openMenu(top);
    await h.page('autofillMenu.state', { token }, menuPage);
    h.device.clock.now += 2 * 60_000;
    expect(await h.device.vault.isUnlocked()).toBe(false);
  });

  it('sends a one-time-code form only the current code', async () => {
    const item = await h.addItem(site('Bank', BANK, { totp: 'JBSWY3DPEHPK3PXP' }));
    const token = await h.openMenu(top, 'otp', 'one-time-code');
    await h.page('autofillMenu.fill', { token, itemId: item.id, confirmed: false }, menuPage);
    const message = h.fills()[0]?.message;
    expect(Object.keys(message ?? {}).sort()).toEqual(['origin', 'otp', 'target', 'type']);
    expect(message).toMatchObject({ otp: expect.stringMatching(/^\d{6}$/) });
  });
});

describe('username-first sign-in', () => {
  const step1 = contentSender({ url: `${BANK}/signin`, origin: BANK, documentId: 'doc-1' });
  const step2 = contentSender({ url: `${BANK}/signin/password`, origin: BANK, documentId: 'doc-2' });

  it('sends step 1 only the username and lists the chosen login first on step 2', async () => {
    await h.addItem(site('Alpha', BANK));
    const chosen = await h.addItem(site('Zulu', BANK));
    const token = await h.openMenu(step1, 'username', 'username-first');
    await h.page('autofillMenu.fill', { token, itemId: chosen.id, confirmed: false }, menuPage);
    expect(h.fills()[0]?.message).toEqual({ type: 'tessera.fill', target: 'menu', origin: 'https://bank.example', username: 'zulu@example.com' });

    const second = await h.openMenu(step2);
    expect((await h.page('autofillMenu.state', { token: second }, menuPage)).entries.map((entry) => entry.title)).toEqual(['Zulu', 'Alpha']);
  });

  it('forgets the chosen login after 10 minutes', async () => {
    await h.addItem(site('Alpha', BANK));
    const chosen = await h.addItem(site('Zulu', BANK));
    const token = await h.openMenu(step1, 'username', 'username-first');
    await h.page('autofillMenu.fill', { token, itemId: chosen.id, confirmed: false }, menuPage);
    h.device.clock.now += 10 * 60_000;
    const second = await h.openMenu(step2);
    expect((await h.page('autofillMenu.state', { token: second }, menuPage)).entries.map((entry) => entry.title)).toEqual(['Alpha', 'Zulu']);
  });

  it('remembers per tab: another tab’s step 2 keeps the usual order', async () => {
    await h.addItem(site('Alpha', BANK));
    const chosen = await h.addItem(site('Zulu', BANK));
    const token = await h.openMenu(step1, 'username', 'username-first');
    await h.page('autofillMenu.fill', { token, itemId: chosen.id, confirmed: false }, menuPage);
    const otherTab = await h.openMenu(contentSender({ tabId: 2, url: `${BANK}/signin/password`, origin: BANK }));
    expect((await h.page('autofillMenu.state', { token: otherTab }, pageSender(2))).entries.map((entry) => entry.title)).toEqual(['Alpha', 'Zulu']);
  });
});

describe('autofillMenu.generate and close', () => {
  it('puts a generated password into the new-password fields of the menu’s frame only', async () => {
    const token = await h.openMenu(top, 'newPassword', 'sign-up');
    expect(await h.page('autofillMenu.generate', { token }, menuPage)).toEqual({ filled: true });
    expect(h.fills()).toEqual([{ tabId: 1, message: { type: 'tessera.fill', target: 'menu', origin: 'https://bank.example', newPassword: GENERATED }, options: { frameId: 0, documentId: 'doc-top' } }]);
  });

  it('answers vault_locked while locked', async () => {
    await h.device.handlers['vault.lock']({});
    const token = await h.openMenu(top, 'newPassword', 'sign-up');
    expect(await codeOf(h.page('autofillMenu.generate', { token }, menuPage))).toBe('vault_locked');
    expect(h.sent).toEqual([]);
  });

  it('lists no logins in a sign-up form’s menu (it offers the generator)', async () => {
    await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top, 'newPassword', 'sign-up');
    expect((await h.page('autofillMenu.state', { token }, menuPage)).entries).toEqual([]);
  });

  it('closes the menu in its frame and retires the token', async () => {
    await h.addItem(site('Bank', BANK));
    const token = await h.openMenu(top);
    expect(await h.page('autofillMenu.close', { token }, menuPage)).toEqual({ closed: true });
    expect(h.sent).toEqual([{ tabId: 1, message: { type: 'tessera.closeMenu' }, options: { frameId: 0, documentId: 'doc-top' } }]);
    expect(await codeOf(h.page('autofillMenu.state', { token }, menuPage))).toBe('autofill_expired');
  });
});
