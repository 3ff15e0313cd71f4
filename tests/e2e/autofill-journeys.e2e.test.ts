/**
 * What a person does with autofill, end to end in Chromium with the built extension against the real
 * hub, each journey on its own pair of fixture origins:
 * - a new login typed and submitted → "Save password" → Save (title edited) → the item is in the vault;
 * - "Never for this site" → no offer next time; removing the site from the list brings offers back;
 * - a known username with a new password → "Update password" → the item has it, the old one in its history;
 * - change-password form: the current password from the menu, a generated new one, → Update;
 * - sign-up: the generator fills both new-password fields with one value → Save → saved with it;
 * - username first: step 1 filled from the menu, step 2 lists and fills the same item first;
 * - the popup, opened on the page's tab (chrome.action.openPopup — a popup opened as a tab of its
 *   own would make itself the active tab), fills the page with its "Fill" button.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { FixtureSites } from './support/fixture-sites.ts';
import { autofillSuite } from './flows/autofill-suite.ts';
import {
  answerPrompt,
  chooseEntry,
  closePage,
  createLogin,
  expectNoPrompt,
  getItem,
  limited,
  listItems,
  menuAction,
  menuEntryIds,
  mustSend,
  openPage,
  promptInput,
  promptValue,
  SHOW_MS,
  submitWith,
  trustedClick,
  typeFields,
  valueOf,
  valuesOf,
  waitForMenuEntry,
  waitForPrompt,
  waitForValues,
} from './flows/autofill-steps.ts';


describe('autofill journeys', () => {
  const suite = autofillSuite('journeys');

  /** simple.html: types the credentials and clicks "Sign in"; the page posts to /signed-in. */
  async function submitSimple(sites: FixtureSites, username: string, password: string): Promise<Page> {
    const page = await openPage(suite.browser, sites.url('simple.html'));
    await typeFields(page, [
      ['username', username],
      ['password', password],
    ]);
    await submitWith(page, page, 'submit');
    return page;
  }

  /** Waits until both new-password fields hold the same non-empty value and returns it. */
  async function generatedValue(page: Page, ids: [string, string]): Promise<string> {
    const deadline = Date.now() + SHOW_MS;
    for (;;) {
      const values = await valuesOf(page, ids);
      if (values[ids[0]] && values[ids[0]] === values[ids[1]]) return values[ids[0]]!;
      if (Date.now() > deadline) throw new Error(`the new-password fields hold ${JSON.stringify(values)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('saves a new login from the prompt, with the title as edited', async () => {
    const sites = await suite.freshSites();
    const page = await submitSimple(sites, 'new-person@example.com', 'Brand-new-Pw-81');
    const prompt = await waitForPrompt(page, 'save');
    expect(await promptValue(prompt, 'Username')).toBe('new-person@example.com');
    const title = await promptInput(prompt, 'Title');
    await title.evaluate((input) => (input as unknown as { select(): void }).select());
    await title.type('My fixture site');
    await answerPrompt(page, prompt, 'save');

    const saved = (await listItems(suite.browser.extensionPage)).filter((item) => item.title === 'My fixture site');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.username).toBe('new-person@example.com');
    const item = await getItem(suite.browser.extensionPage, saved[0]!.id);
    expect(item.content.login?.password).toBe('Brand-new-Pw-81');
    expect(item.content.login?.websites.map((website) => new URL(website.url).origin)).toEqual([sites.topOrigin]);
    await closePage(page);
  });

  it('offers nothing on a site after "Never for this site", and offers again once the site is removed from the list', async () => {
    const sites = await suite.freshSites();
    const first = await submitSimple(sites, 'never-1@example.com', 'Never-Pw-1');
    await answerPrompt(first, await waitForPrompt(first, 'save'), 'never');
    const { neverSites } = await mustSend<{ neverSites: string[] }>(suite.browser.extensionPage, 'autofill.settings', {});
    await closePage(first);
    try {
      // An IP address has no registrable domain: the site is the host, 127.0.0.1, without the port —
      // so every fixture origin of this suite.browser is "never" until the site is removed again below.
      expect(neverSites).toEqual(['127.0.0.1']);
      suite.run.step('next time: no offer');
      const second = await submitSimple(sites, 'never-2@example.com', 'Never-Pw-2');
      await second.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'Done', { timeout: SHOW_MS });
      await expectNoPrompt(second);
      await closePage(second);
      expect((await listItems(suite.browser.extensionPage)).some((item) => item.username.startsWith('never-'))).toBe(false);
    } finally {
      suite.run.step('the site removed from the list');
      for (const site of neverSites) await mustSend(suite.browser.extensionPage, 'autofill.forgetNeverSite', { site });
    }
    const third = await submitSimple(sites, 'never-3@example.com', 'Never-Pw-3');
    await answerPrompt(third, await waitForPrompt(third, 'save'), 'dismiss');
    await closePage(third);
  });

  it('offers to update the password of a known login and keeps the old one in its history', async () => {
    const sites = await suite.freshSites();
    const id = await createLogin(suite.browser.extensionPage, { title: 'Known login', username: 'known@example.com', password: 'Old-Pw-1', websites: [sites.topOrigin] });
    const page = await submitSimple(sites, 'known@example.com', 'Changed-Pw-2');
    const prompt = await waitForPrompt(page, 'update');
    await answerPrompt(page, prompt, 'save');
    const item = await getItem(suite.browser.extensionPage, id);
    expect(item.content.login?.password).toBe('Changed-Pw-2');
    expect(item.passwordHistory.map((entry) => entry.password)).toContain('Old-Pw-1');
    await closePage(page);

    suite.run.step('the same credentials again: nothing to offer');
    const again = await submitSimple(sites, 'known@example.com', 'Changed-Pw-2');
    await again.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'Done', { timeout: SHOW_MS });
    await expectNoPrompt(again);
    await closePage(again);
  });

  it('change-password form: fills the current password, generates the new one, and updates the login', async () => {
    const sites = await suite.freshSites();
    const id = await createLogin(suite.browser.extensionPage, { title: 'Account to change', username: 'alice', password: 'Current-Pw-7', websites: [sites.topOrigin] });
    const page = await openPage(suite.browser, sites.url('change-password.html'));
    await trustedClick(page, 'current-password');
    await chooseEntry(page, id);
    await waitForValues(page, { 'current-password': 'Current-Pw-7' });
    expect(await valuesOf(page, ['new-password', 'confirm-password'])).toEqual({ 'new-password': '', 'confirm-password': '' });

    await trustedClick(page, 'new-password');
    await menuAction(page, 'generate');
    const generated = await generatedValue(page, ['new-password', 'confirm-password']);
    expect(generated).not.toBe('Current-Pw-7');
    expect(await valueOf(page, 'current-password')).toBe('Current-Pw-7');

    await submitWith(page, page, 'submit');
    await answerPrompt(page, await waitForPrompt(page, 'update'), 'save');
    const item = await getItem(suite.browser.extensionPage, id);
    expect(item.content.login?.password).toBe(generated);
    expect(item.passwordHistory.map((entry) => entry.password)).toContain('Current-Pw-7');
    await closePage(page);
  });

  it('sign-up: the generator fills both new-password fields with one value, which is saved', async () => {
    const sites = await suite.freshSites();
    const page = await openPage(suite.browser, sites.url('sign-up.html'));
    await trustedClick(page, 'new-password');
    await menuAction(page, 'generate');
    const generated = await generatedValue(page, ['new-password', 'confirm-password']);
    expect(await valuesOf(page, ['full-name', 'email'])).toEqual({ 'full-name': '', email: '' });

    await typeFields(page, [
      ['full-name', 'New Person'],
      ['email', 'signed-up@example.com'],
    ]);
    await submitWith(page, page, 'submit');
    const prompt = await waitForPrompt(page, 'save');
    expect(await promptValue(prompt, 'Username')).toBe('signed-up@example.com');
    await answerPrompt(page, prompt, 'save');
    const saved = (await listItems(suite.browser.extensionPage)).filter((item) => item.username === 'signed-up@example.com');
    expect(saved).toHaveLength(1);
    expect((await getItem(suite.browser.extensionPage, saved[0]!.id)).content.login?.password).toBe(generated);
    await closePage(page);
  });

  it('username first: step 1 is filled from the menu, step 2 lists and fills the same login first', async () => {
    const sites = await suite.freshSites();
    // "Alpha" sorts before "Zulu": step 2 must put the chosen Zulu first anyway.
    await createLogin(suite.browser.extensionPage, { title: 'Alpha account', username: 'alpha@example.com', password: 'Alpha-Pw-1', websites: [sites.topOrigin] });
    const chosen = await createLogin(suite.browser.extensionPage, { title: 'Zulu account', username: 'zulu@example.com', password: 'Zulu-Pw-2', websites: [sites.topOrigin] });
    const page = await openPage(suite.browser, sites.url('step1.html'));
    await trustedClick(page, 'identifier');
    await chooseEntry(page, chosen);
    await waitForValues(page, { identifier: 'zulu@example.com' });
    await Promise.all([page.waitForNavigation({ timeout: SHOW_MS }), trustedClick(page, 'next')]);
    expect(page.url()).toContain('/step2.html');

    await trustedClick(page, 'password');
    const menu = await waitForMenuEntry(page, chosen);
    expect((await menuEntryIds(menu))[0]).toBe(chosen);
    await chooseEntry(page, chosen);
    await waitForValues(page, { password: 'Zulu-Pw-2' });
    expect(await valueOf(page, 'remembered')).toBe('');

    suite.run.step('submitting the known login offers nothing');
    await submitWith(page, page, 'submit');
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'Done', { timeout: SHOW_MS });
    await expectNoPrompt(page);
    await closePage(page);
  });

  it("the popup's Fill button fills the page in the active tab", async () => {
    const sites = await suite.freshSites();
    const id = await createLogin(suite.browser.extensionPage, { title: 'From the popup', username: 'popup@example.com', password: 'Popup-Pw-3', websites: [sites.topOrigin] });
    const page = await openPage(suite.browser, sites.url('simple.html'));
    await page.bringToFront();
    const known = new Set(suite.browser.session.browser.targets());
    const worker = await suite.browser.session.backgroundWorker();
    await worker.evaluate(() => (globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }).chrome.action.openPopup());
    const target = await suite.browser.session.browser.waitForTarget((candidate) => !known.has(candidate) && candidate.url().endsWith('/popup.html'), { timeout: SHOW_MS });
    const popup = await target.asPage();
    const fill = await popup.waitForSelector(`button[data-action="fill"][data-item-id="${id}"]`, { timeout: SHOW_MS }).catch(async (error: unknown) => {
      const shown = await popup.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText).catch(() => '?');
      throw new Error(`the popup shows no Fill button for the item; it shows:\n${shown}`, { cause: error });
    });
    // The popup closes itself after a fill; its mouse-up may then never be acknowledged (see clickInFrame).
    const closed = new Promise<void>((resolve) => popup.once('close', () => resolve()));
    await limited(Promise.race([fill!.click(), closed]), SHOW_MS, 'clicking Fill in the popup');
    await waitForValues(page, { username: 'popup@example.com', password: 'Popup-Pw-3' });
    await limited(closed, SHOW_MS, 'the popup closing itself after a successful fill');
    await closePage(page);
  });
});
