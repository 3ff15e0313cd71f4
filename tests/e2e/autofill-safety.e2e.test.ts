/**
 * The autofill safety rules of issue 6, end to end in Chromium with the built extension against the
 * real hub (the cross-origin, sandboxed-frame and honeypot rows of the data table are in
 * autofill-cases.e2e.test.ts):
 * - a page's own script (focus(), click(), synthetic focus/mouse/key events, messages to every
 *   frame) opens no menu and fills nothing; the next real click does;
 * - the popup's fill ("best" form) never fills a honeypot;
 * - an item saved for https fills an http page only after an explicit confirmation, in the menu and
 *   from the popup;
 * - the page's own script cannot find the menu's titles or usernames anywhere in its DOM, window or
 *   events, cannot read the menu iframe's document, and never sees the password before the fill.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { autofillSuite } from './flows/autofill-suite.ts';
import {
  chooseEntry,
  closePage,
  createLogin,
  element,
  expectNoMenu,
  MENU_PAGE,
  menuAction,
  openPage,
  recordFrameUrls,
  sendMessage,
  SETTLE_MS,
  trustedClick,
  valuesOf,
  waitForMenuEntry,
  waitForValues,
} from './flows/autofill-steps.ts';
import { type Hostile, lookAround, spyFromTheStart } from './flows/autofill-hostile-page.ts';

const HONEYPOTS = ['hp-offscreen', 'hp-hidden-parent', 'hp-transparent', 'hp-clipped', 'hp-invisible', 'hp-zero', 'hp-aria'];

describe('autofill safety', () => {
  const suite = autofillSuite('safety');

  async function savedFor(origin: string, name: string) {
    const login = { title: `${name} ${randomBytes(3).toString('hex')}`, username: `${name}-user@example.com`, password: `${name}-Pw-${randomBytes(6).toString('hex')}` };
    const id = await createLogin(suite.browser.extensionPage, { ...login, websites: [origin] });
    return { id, ...login };
  }

  it("opens no menu and fills nothing for a page script's focus(), click() and synthetic events; a real click does", async () => {
    const sites = await suite.freshSites();
    const item = await savedFor(sites.topOrigin, 'scripted');
    const page = await openPage(suite.browser, sites.url('simple.html'));
    const menus = recordFrameUrls(page, MENU_PAGE);

    suite.run.step('the page script focuses, clicks and dispatches events on both fields');
    await page.evaluate(() => {
      const scope = globalThis as unknown as Hostile;
      const init = { bubbles: true, composed: true, cancelable: true };
      for (const id of ['username', 'password']) {
        const field = scope.document.getElementById(id);
        field.focus();
        field.click();
        field.dispatchEvent(new scope.FocusEvent('focusin', init));
        field.dispatchEvent(new scope.FocusEvent('focus', {}));
        field.dispatchEvent(new scope.PointerEvent('pointerdown', init));
        field.dispatchEvent(new scope.MouseEvent('mousedown', init));
        field.dispatchEvent(new scope.MouseEvent('mouseup', init));
        field.dispatchEvent(new scope.MouseEvent('click', init));
        field.dispatchEvent(new scope.KeyboardEvent('keydown', { ...init, key: 'L', code: 'KeyL', ctrlKey: true, shiftKey: true }));
      }
    });
    await expectNoMenu(page);
    expect(await valuesOf(page, ['username', 'password'])).toEqual({ username: '', password: '' });

    suite.run.step('a real click on the password field opens the menu there, and only then');
    await trustedClick(page, 'password');
    const menu = await waitForMenuEntry(page, item.id);
    expect(menus, 'menus opened so far').toHaveLength(1);
    const menuBox = await (await menu.frameElement())!.boundingBox();
    const passwordBox = await (await element(page, 'password')).boundingBox();
    const usernameBox = await (await element(page, 'username')).boundingBox();
    expect(menuBox && passwordBox && usernameBox).toBeTruthy();
    expect(menuBox!.y).toBeGreaterThanOrEqual(passwordBox!.y + passwordBox!.height - 2);
    expect(Math.abs(menuBox!.x - passwordBox!.x)).toBeLessThan(Math.abs(menuBox!.x - usernameBox!.x));

    // Chromium leaves frames inside shadow trees out of window.frames, so the page reaches no window
    // of the menu at all; the messages are sent anyway, to whatever it can reach.
    suite.run.step('the page script messages every frame it can reach and replays clicks; nothing is filled');
    await page.evaluate((itemId) => {
      const scope = globalThis as unknown as Hostile;
      for (let index = 0; index < scope.frames.length; index++) {
        const frame = scope.frames[index]!;
        for (const message of [{ type: 'autofillMenu.fill', itemId, confirmed: true }, { action: 'fill', id: itemId }, `fill:${itemId}`]) {
          frame.postMessage(message, '*');
        }
      }
      const field = scope.document.getElementById('password');
      field.click();
      field.dispatchEvent(new scope.MouseEvent('click', { bubbles: true, composed: true }));
    }, item.id);
    await expectNoMenuChange(page, menus);
    expect(await valuesOf(page, ['username', 'password'])).toEqual({ username: '', password: '' });

    suite.run.step('choosing the entry with a real click fills');
    await chooseEntry(page, item.id);
    await waitForValues(page, { username: item.username, password: item.password });
    await closePage(page);
  });

  it('never fills a honeypot when the popup fills the best form of the page', async () => {
    const sites = await suite.freshSites();
    const item = await savedFor(sites.topOrigin, 'honeypot');
    const page = await openPage(suite.browser, sites.url('honeypot.html'));
    await page.bringToFront();
    expect(await sendMessage(suite.browser.extensionPage, 'autofill.fillFromPopup', { itemId: item.id, confirmed: false })).toEqual({ ok: true, value: { filled: true } });
    await waitForValues(page, { username: item.username, password: item.password });
    expect(await valuesOf(page, HONEYPOTS)).toEqual(Object.fromEntries(HONEYPOTS.map((id) => [id, ''])));
    await closePage(page);
  });

  it('fills an item saved for https into an http page only after confirmation', async () => {
    const sites = await suite.freshSites();
    const item = await savedFor(sites.topOrigin.replace('http://', 'https://'), 'downgrade');

    suite.run.step('menu: choosing the entry asks first; "Fill anyway" fills');
    const page = await openPage(suite.browser, sites.url('simple.html'));
    await trustedClick(page, 'username');
    await chooseEntry(page, item.id);
    await menuAction(page, 'confirm-fill').catch(async (error: unknown) => {
      throw new Error(`no confirmation was asked; the fields hold ${JSON.stringify(await valuesOf(page, ['username', 'password']))}`, { cause: error });
    });
    await waitForValues(page, { username: item.username, password: item.password });
    await closePage(page);

    suite.run.step('popup: without confirmation the background refuses; with it, it fills');
    const second = await openPage(suite.browser, sites.url('simple.html'));
    await second.bringToFront();
    expect(await sendMessage(suite.browser.extensionPage, 'autofill.fillFromPopup', { itemId: item.id, confirmed: false })).toEqual({ ok: false, error: { code: 'confirmation_required' } });
    expect(await valuesOf(second, ['username', 'password'])).toEqual({ username: '', password: '' });
    expect(await sendMessage(suite.browser.extensionPage, 'autofill.fillFromPopup', { itemId: item.id, confirmed: true })).toEqual({ ok: true, value: { filled: true } });
    await waitForValues(second, { username: item.username, password: item.password });
    await closePage(second);
  });

  it("keeps every item's title, username and password out of the page's reach while the menu is open", async () => {
    const sites = await suite.freshSites();
    const first = await savedFor(sites.topOrigin, 'hidden');
    const second = await savedFor(sites.topOrigin, 'secret');
    const secrets = [first.title, first.username, first.password, second.title, second.username, second.password];

    suite.run.step('the page hooks attachShadow and listens to everything it can before the menu opens');
    const page = await openPage(suite.browser, sites.url('simple.html'), { preload: spyFromTheStart });
    await trustedClick(page, 'username');
    await waitForMenuEntry(page, first.id);
    await waitForMenuEntry(page, second.id);

    suite.run.step('nothing of the menu is in the DOM, in window properties or in what the page saw; its frame is out of reach');
    const view = await page.evaluate(lookAround);
    const everything = [view.html, view.openShadows, view.windowStrings, view.seen].join('\n');
    for (const secret of secrets) expect(everything.includes(secret), `the page can see ${JSON.stringify(secret)}`).toBe(false);
    expect(view.hosts, 'elements at the top layer the page can see (the menu host)').toBeGreaterThanOrEqual(1);
    expect(view.hostShadowRoots, 'shadow roots of those hosts the page can open').toBe(0);
    expect(view.hookedRoots, 'shadow roots with an iframe that the page caught through its attachShadow hook').toBe(0);
    expect(view.reachableFrames, 'iframes and windows of extension pages the page can reach').toEqual([]);
    expect(view.timingNames.filter((name) => name.includes('://') && !name.startsWith(sites.topOrigin)), "addresses in the page's performance timeline").toEqual([]);
    expect(view.values).toEqual(['', '']);

    suite.run.step('after the fill the page has the chosen login, and nothing of the other');
    await chooseEntry(page, second.id);
    await waitForValues(page, { username: second.username, password: second.password });
    const after = await page.evaluate(lookAround);
    const afterText = [after.html, after.openShadows, after.windowStrings, after.seen].join('\n');
    for (const secret of [first.title, first.username, first.password, second.title]) {
      expect(afterText.includes(secret), `after the fill the page can see ${JSON.stringify(secret)}`).toBe(false);
    }
    await closePage(page);
  });
});

/** After an event that must not open another menu: no new menu address within the settle time. */
async function expectNoMenuChange(page: Page, menus: string[]): Promise<void> {
  const before = menus.length;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  expect(menus.length, `menus opened: ${menus.length - before} more`).toBe(before);
}
