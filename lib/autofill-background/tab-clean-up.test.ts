/** What autofill forgets when a tab closes or its top frame loads another page (autofill.ts). */
import { beforeEach, describe, expect, it } from 'vitest';
import { codeOf, contentSender, createHarness, type Harness, pageSender, site } from './test-support/harness.ts';

const BANK = 'https://bank.example';
const chromeTop = contentSender({ tabId: 1, url: `${BANK}/login`, origin: BANK, documentId: 'doc-top' });
const firefoxTop = contentSender({ tabId: 1, url: `${BANK}/login` });
const popup = pageSender(null, '/popup.html');

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});

async function offer(sender = chromeTop): Promise<string> {
  await h.content('autofill.submitted', { formKind: 'sign-in', username: 'new', password: 'secret', newPassword: null, opaqueOrigin: false }, sender);
  const shown = h.sent.find((entry) => entry.message.type === 'tessera.showPrompt')?.message;
  if (shown?.type !== 'tessera.showPrompt') throw new Error('no prompt');
  return shown.token;
}

describe('tab clean-up', () => {
  it('forgets menus, offers and frames of a closed tab', async () => {
    const item = await h.addItem(site('Bank', BANK));
    await h.content('autofill.formsFound', { kinds: ['sign-in'], sameSiteAction: true, opaqueOrigin: false }, chromeTop);
    const menu = await h.openMenu(chromeTop);
    const prompt = await offer();
    await h.autofill.onTabRemoved(1);
    expect(await codeOf(h.page('autofillMenu.state', { token: menu }, pageSender(1)))).toBe('autofill_expired');
    expect(await codeOf(h.page('autofillPrompt.details', { token: prompt }, pageSender(1, '/save-prompt.html')))).toBe('autofill_expired');
    expect(await codeOf(h.page('autofill.fillFromPopup', { itemId: item.id, confirmed: false }, popup))).toBe('no_fillable_form');
  });

  it('forgets frames and menus without a document id (Firefox) when the top frame loads another page', async () => {
    const item = await h.addItem(site('Bank', BANK));
    await h.content('autofill.formsFound', { kinds: ['sign-in'], sameSiteAction: true, opaqueOrigin: false }, firefoxTop);
    const menu = await h.openMenu(firefoxTop);
    await h.autofill.onTabUpdated(1, { status: 'loading' });
    expect(await codeOf(h.page('autofillMenu.state', { token: menu }, pageSender(1)))).toBe('autofill_expired');
    expect(await codeOf(h.page('autofill.fillFromPopup', { itemId: item.id, confirmed: false }, popup))).toBe('no_fillable_form');
  });

  it('keeps document-bound frames and menus (Chrome: a fill cannot reach the next page anyway) and the waiting offer', async () => {
    await h.addItem(site('Bank', BANK));
    await h.content('autofill.formsFound', { kinds: ['sign-in'], sameSiteAction: true, opaqueOrigin: false }, chromeTop);
    const menu = await h.openMenu(chromeTop);
    const prompt = await offer(firefoxTop);
    await h.autofill.onTabUpdated(1, { status: 'loading' });
    expect((await h.page('autofillMenu.state', { token: menu }, pageSender(1))).entries).toHaveLength(1);
    expect(await h.content('autofill.pendingPrompt', {}, firefoxTop)).toEqual({ token: prompt });
  });

  it('ignores updates that are not a page load', async () => {
    await h.addItem(site('Bank', BANK));
    const menu = await h.openMenu(firefoxTop);
    await h.autofill.onTabUpdated(1, { status: 'complete' });
    expect((await h.page('autofillMenu.state', { token: menu }, pageSender(1))).entries).toHaveLength(1);
  });

  it('leaves other tabs alone', async () => {
    await h.addItem(site('Bank', BANK));
    const menu = await h.openMenu(contentSender({ tabId: 2, url: `${BANK}/login` }));
    await h.autofill.onTabRemoved(1);
    await h.autofill.onTabUpdated(1, { status: 'loading' });
    expect((await h.page('autofillMenu.state', { token: menu }, pageSender(2))).entries).toHaveLength(1);
  });
});
