/**
 * Save and update offers end to end in the background (save-offers.ts through autofill.ts): when a
 * submit gets a prompt, what the prompt may see, and what Save / Update / Never do to the vault.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentRequestMap } from '../autofill/protocol.ts';
import { OFFER_TTL_MS } from './tokens.ts';
import { codeOf, contentSender, createHarness, type Harness, pageSender, site } from './test-support/harness.ts';

const SHOP = 'https://shop.example';
const top = contentSender({ tabId: 1, frameId: 0, url: `${SHOP}/login`, origin: SHOP, documentId: 'doc-top' });
const promptPage = pageSender(1, '/save-prompt.html');
type Submitted = ContentRequestMap['autofill.submitted']['request'];
const signIn = (username: string, password: string): Submitted => ({ formKind: 'sign-in', username, password, newPassword: null, opaqueOrigin: false });

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});

/** Submits in `sender` and answers the token the top frame was told to show. */
async function submit(submission: Submitted, sender = top) {
  const answer = await h.content('autofill.submitted', submission, sender);
  const shown = h.sent.filter((entry) => entry.message.type === 'tessera.showPrompt').at(-1);
  return { prompt: answer.prompt, token: shown?.message.type === 'tessera.showPrompt' ? shown.message.token : null, shown };
}

describe('autofill.submitted', () => {
  it('offers to save new credentials and tells the top frame to show the prompt', async () => {
    const { prompt, shown } = await submit(signIn('new@example.com', 'Fresh-Secret-1'));
    expect(prompt).toBe('save');
    expect(shown).toMatchObject({ tabId: 1, options: { frameId: 0 } });
  });

  it('offers an update for a known username with another password', async () => {
    await h.addItem(site('Shop', SHOP, { username: 'me@example.com', password: 'old' }));
    expect((await submit(signIn('ME@example.com', 'new'))).prompt).toBe('update');
  });

  it('offers nothing for credentials the vault already has', async () => {
    await h.addItem(site('Shop', SHOP, { username: 'me@example.com', password: 'same' }));
    expect(await submit(signIn('me@example.com', 'same'))).toMatchObject({ prompt: null, shown: undefined });
  });

  it('offers nothing while locked', async () => {
    await h.device.handlers['vault.lock']({});
    expect((await submit(signIn('me@example.com', 'secret'))).prompt).toBeNull();
  });

  it('offers nothing in an opaque frame', async () => {
    const sandboxed = contentSender({ frameId: 5, url: `${SHOP}/frame`, origin: 'null' });
    expect((await submit(signIn('me@example.com', 'secret'), sandboxed)).prompt).toBeNull();
  });

  it('offers nothing on a site the person chose “Never” for — any host of that site', async () => {
    const first = await submit(signIn('me@example.com', 'secret'));
    expect(await h.page('autofillPrompt.never', { token: first.token! }, promptPage)).toEqual({ site: 'shop.example' });
    const www = contentSender({ url: 'https://www.shop.example/login', origin: 'https://www.shop.example' });
    expect((await submit(signIn('other@example.com', 'other'), www)).prompt).toBeNull();
  });

  it('compares a cross-origin iframe’s submit with the iframe’s own site and saves it for that origin', async () => {
    await h.addItem(site('Shop', SHOP, { username: 'me@example.com', password: 'secret' }));
    const frame = contentSender({ frameId: 3, url: 'https://pay.example/form', origin: 'https://pay.example' });
    const { prompt, token } = await submit(signIn('me@example.com', 'secret'), frame);
    expect(prompt).toBe('save');
    const saved = await h.page('autofillPrompt.save', { token: token!, title: '', username: 'me@example.com' }, promptPage);
    const item = await h.device.handlers['vault.get']({ id: saved.itemId });
    expect(item.content).toMatchObject({ title: 'pay.example', login: { websites: [{ url: 'https://pay.example', match: 'site' }] } });
  });

  it('remembers a username-first step’s username for step 2’s offer, without a prompt for step 1', async () => {
    const step1: Submitted = { formKind: 'username-first', username: 'me@example.com', password: '', newPassword: null, opaqueOrigin: false };
    expect((await submit(step1)).prompt).toBeNull();
    expect(h.sent).toEqual([]);
    const step2 = contentSender({ url: `${SHOP}/login/password`, origin: SHOP });
    const { prompt, token } = await submit(signIn('', 'step-two-secret'), step2);
    expect(prompt).toBe('save');
    expect(await h.page('autofillPrompt.details', { token: token! }, promptPage)).toMatchObject({ username: 'me@example.com' });
  });
});

describe('the prompt', () => {
  it('shows kind, title, username and host — never the password', async () => {
    const { token } = await submit(signIn('new@example.com', 'Fresh-Secret-1'));
    const details = await h.page('autofillPrompt.details', { token: token! }, promptPage);
    expect(details).toEqual({ kind: 'save', title: 'shop.example', username: 'new@example.com', host: 'shop.example', itemTitle: null });
    expect(JSON.stringify(details)).not.toContain('Fresh-Secret-1');
  });

  it('saves a new login with the edited title and username and the frame’s origin as its website', async () => {
    const { token } = await submit(signIn('new@example.com', 'Fresh-Secret-1'));
    const saved = await h.page('autofillPrompt.save', { token: token!, title: 'My shop', username: 'edited@example.com' }, promptPage);
    const item = await h.device.handlers['vault.get']({ id: saved.itemId });
    expect(item.content.title).toBe('My shop');
    expect(item.content.login).toEqual({ username: 'edited@example.com', password: 'Fresh-Secret-1', websites: [{ url: SHOP, match: 'site' }], totp: '' });
    expect(h.sent.at(-1)).toEqual({ tabId: 1, message: { type: 'tessera.closePrompt' }, options: { frameId: 0 } });
    expect(await codeOf(h.page('autofillPrompt.details', { token: token! }, promptPage))).toBe('autofill_expired');
  });

  it('updates the login’s password and keeps the old one in its history', async () => {
    const existing = await h.addItem(site('Shop', SHOP, { username: 'me@example.com', password: 'old-secret' }));
    const { token } = await submit(signIn('me@example.com', 'new-secret'));
    expect(await h.page('autofillPrompt.details', { token: token! }, promptPage)).toMatchObject({ kind: 'update', itemTitle: 'Shop' });
    const saved = await h.page('autofillPrompt.save', { token: token!, title: 'ignored', username: 'me@example.com' }, promptPage);
    expect(saved.itemId).toBe(existing.id);
    const item = await h.device.handlers['vault.get']({ id: existing.id });
    expect(item.content.title).toBe('Shop');
    expect(item.content.login?.password).toBe('new-secret');
    expect(item.passwordHistory.map((entry) => entry.password)).toEqual(['old-secret']);
  });

  it('updates the login whose password was the current one after a change-password form', async () => {
    const existing = await h.addItem(site('Shop', SHOP, { username: 'me@example.com', password: 'current' }));
    const change: Submitted = { formKind: 'change-password', username: '', password: 'current', newPassword: 'next-one', opaqueOrigin: false };
    const { prompt, token } = await submit(change);
    expect(prompt).toBe('update');
    await h.page('autofillPrompt.save', { token: token!, title: '', username: '' }, promptPage);
    expect((await h.device.handlers['vault.get']({ id: existing.id })).content.login).toMatchObject({ username: 'me@example.com', password: 'next-one' });
  });

  it('answers autofill_expired to a prompt page in another tab', async () => {
    const { token } = await submit(signIn('new@example.com', 'secret'));
    expect(await codeOf(h.page('autofillPrompt.save', { token: token!, title: '', username: 'x' }, pageSender(2, '/save-prompt.html')))).toBe('autofill_expired');
  });

  it('refuses a menu token on the prompt and a prompt token on the menu', async () => {
    const { token } = await submit(signIn('new@example.com', 'secret'));
    expect(await codeOf(h.page('autofillMenu.state', { token: token! }, promptPage))).toBe('autofill_expired');
  });

  it('drops the offer, password and all, when the vault locks', async () => {
    const { token } = await submit(signIn('new@example.com', 'Fresh-Secret-1'));
    await h.device.handlers['vault.lock']({});
    expect(await codeOf(h.page('autofillPrompt.details', { token: token! }, promptPage))).toBe('autofill_expired');
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain('Fresh-Secret-1');
  });

  it('expires 2 minutes after the submit unless it was shown', async () => {
    const { token } = await submit(signIn('new@example.com', 'secret'));
    h.device.clock.now += OFFER_TTL_MS;
    expect(await codeOf(h.page('autofillPrompt.details', { token: token! }, promptPage))).toBe('autofill_expired');
  });

  it('gives a shown prompt 10 minutes to be answered', async () => {
    const { token } = await submit(signIn('new@example.com', 'secret'));
    await h.page('autofillPrompt.details', { token: token! }, promptPage);
    h.device.clock.now += 9 * 60_000;
    expect(await h.page('autofillPrompt.dismiss', { token: token! }, promptPage)).toEqual({ closed: true });
  });

  it('dismisses without saving', async () => {
    const { token } = await submit(signIn('new@example.com', 'secret'));
    await h.page('autofillPrompt.dismiss', { token: token! }, promptPage);
    expect(await h.device.vault.autofillParts.entries()).toEqual([]);
  });
});

describe('autofill.pendingPrompt', () => {
  it('gives the next page’s top frame the waiting offer, and other frames nothing', async () => {
    const { token } = await submit(signIn('new@example.com', 'secret'));
    const nextPage = contentSender({ url: `${SHOP}/home`, origin: SHOP, documentId: 'doc-next' });
    expect(await h.content('autofill.pendingPrompt', {}, nextPage)).toEqual({ token });
    expect(await h.content('autofill.pendingPrompt', {}, contentSender({ frameId: 2, url: `${SHOP}/ad`, origin: SHOP }))).toBeNull();
    expect(await h.content('autofill.pendingPrompt', {}, contentSender({ tabId: 2, url: `${SHOP}/home`, origin: SHOP }))).toBeNull();
  });

  it('gives nothing once the offer is 2 minutes old', async () => {
    await submit(signIn('new@example.com', 'secret'));
    h.device.clock.now += OFFER_TTL_MS;
    expect(await h.content('autofill.pendingPrompt', {}, top)).toBeNull();
  });

  it('survives the top frame navigating and a service-worker restart', async () => {
    const { token } = await submit(signIn('new@example.com', 'secret'));
    await h.autofill.onTabUpdated(1, { status: 'loading' });
    h.restart();
    expect(await h.content('autofill.pendingPrompt', {}, top)).toEqual({ token });
  });
});
