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
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2eRun } from './support/e2e-run.ts';
import { browserLauncher, startHubWithMail } from './support/environment.ts';
import { type FixtureSites, startFixtureSites } from './support/fixture-sites.ts';
import {
  type AutofillBrowser,
  chooseEntry,
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
  unlockedBrowser,
  valuesOf,
  waitForMenuEntry,
  waitForValues,
} from './flows/autofill-steps.ts';

const MASTER = 'correct horse battery staple 42';
const HONEYPOTS = ['hp-offscreen', 'hp-hidden-parent', 'hp-transparent', 'hp-clipped', 'hp-invisible', 'hp-zero', 'hp-aria'];

/** Page-side globals the hostile scripts below use (the Node tsconfig has no DOM types). */
type Hostile = Record<string, unknown> & {
  document: {
    getElementById(id: string): HostileElement;
    querySelectorAll(selector: string): ArrayLike<HostileElement>;
    documentElement: { outerHTML: string };
    dispatchEvent(event: unknown): boolean;
  };
  frames: ArrayLike<{ postMessage(message: unknown, target: string): void; document: unknown; location: { href: string } }>;
  addEventListener(type: string, listener: (event: { data?: unknown; target?: unknown }) => void, capture?: boolean): void;
  FocusEvent: new (type: string, init: object) => unknown;
  MouseEvent: new (type: string, init: object) => unknown;
  PointerEvent: new (type: string, init: object) => unknown;
  KeyboardEvent: new (type: string, init: object) => unknown;
  MutationObserver: new (callback: (records: { addedNodes: ArrayLike<HostileElement>; target: HostileElement }[]) => void) => {
    observe(target: unknown, options: object): void;
  };
  __seen?: string[];
};
interface HostileElement {
  id: string;
  value?: string;
  shadowRoot: { innerHTML: string } | null;
  outerHTML?: string;
  textContent: string | null;
  focus(): void;
  blur(): void;
  click(): void;
  dispatchEvent(event: unknown): boolean;
}

describe('autofill safety', () => {
  const run = useE2eRun({ timeLimitMs: 6 * 60_000 });
  let browser: AutofillBrowser;

  beforeAll(async () => {
    const env = await startHubWithMail(run);
    browser = await unlockedBrowser(env, browserLauncher(run, 'chromium'), {
      email: `e2e-autofill-safety-${randomBytes(5).toString('hex')}@example.com`,
      password: 'Tessera-e2e-42x',
      master: MASTER,
    });
    run.diagnose('fixture pages console', () => browser.pageConsole.slice(-60).join('\n') || '(nothing logged)');
  });

  async function freshSites(): Promise<FixtureSites> {
    const sites = await startFixtureSites();
    run.defer('fixture sites', () => sites.close());
    return sites;
  }

  async function savedFor(origin: string, name: string) {
    const login = { title: `${name} ${randomBytes(3).toString('hex')}`, username: `${name}-user@example.com`, password: `${name}-Pw-${randomBytes(6).toString('hex')}` };
    const id = await createLogin(browser.extensionPage, { ...login, websites: [origin] });
    return { id, ...login };
  }

  it("opens no menu and fills nothing for a page script's focus(), click() and synthetic events; a real click does", async () => {
    const sites = await freshSites();
    const item = await savedFor(sites.topOrigin, 'scripted');
    const page = await openPage(browser, sites.url('simple.html'));
    const menus = recordFrameUrls(page, MENU_PAGE);

    run.step('the page script focuses, clicks and dispatches events on both fields');
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

    run.step('a real click on the password field opens the menu there, and only then');
    await trustedClick(page, 'password');
    const menu = await waitForMenuEntry(page, item.id);
    expect(menus, 'menus opened so far').toHaveLength(1);
    const menuBox = await (await menu.frameElement())!.boundingBox();
    const passwordBox = await (await element(page, 'password')).boundingBox();
    const usernameBox = await (await element(page, 'username')).boundingBox();
    expect(menuBox && passwordBox && usernameBox).toBeTruthy();
    expect(menuBox!.y).toBeGreaterThanOrEqual(passwordBox!.y + passwordBox!.height - 2);
    expect(Math.abs(menuBox!.x - passwordBox!.x)).toBeLessThan(Math.abs(menuBox!.x - usernameBox!.x));

    run.step('the page script messages every frame and replays clicks; nothing is filled');
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

    run.step('choosing the entry with a real click fills');
    await chooseEntry(page, item.id);
    await waitForValues(page, { username: item.username, password: item.password });
    await page.close();
  });

  it('never fills a honeypot when the popup fills the best form of the page', async () => {
    const sites = await freshSites();
    const item = await savedFor(sites.topOrigin, 'honeypot');
    const page = await openPage(browser, sites.url('honeypot.html'));
    await page.bringToFront();
    expect(await sendMessage(browser.extensionPage, 'autofill.fillFromPopup', { itemId: item.id, confirmed: false })).toEqual({ ok: true, value: { filled: true } });
    await waitForValues(page, { username: item.username, password: item.password });
    expect(await valuesOf(page, HONEYPOTS)).toEqual(Object.fromEntries(HONEYPOTS.map((id) => [id, ''])));
    await page.close();
  });

  it('fills an item saved for https into an http page only after confirmation', async () => {
    const sites = await freshSites();
    const item = await savedFor(sites.topOrigin.replace('http://', 'https://'), 'downgrade');

    run.step('menu: choosing the entry asks first; "Fill anyway" fills');
    const page = await openPage(browser, sites.url('simple.html'));
    await trustedClick(page, 'username');
    await chooseEntry(page, item.id);
    await menuAction(page, 'confirm-fill').catch(async (error: unknown) => {
      throw new Error(`no confirmation was asked; the fields hold ${JSON.stringify(await valuesOf(page, ['username', 'password']))}`, { cause: error });
    });
    await waitForValues(page, { username: item.username, password: item.password });
    await page.close();

    run.step('popup: without confirmation the background refuses; with it, it fills');
    const second = await openPage(browser, sites.url('simple.html'));
    await second.bringToFront();
    expect(await sendMessage(browser.extensionPage, 'autofill.fillFromPopup', { itemId: item.id, confirmed: false })).toEqual({ ok: false, error: { code: 'confirmation_required' } });
    expect(await valuesOf(second, ['username', 'password'])).toEqual({ username: '', password: '' });
    expect(await sendMessage(browser.extensionPage, 'autofill.fillFromPopup', { itemId: item.id, confirmed: true })).toEqual({ ok: true, value: { filled: true } });
    await waitForValues(second, { username: item.username, password: item.password });
    await second.close();
  });

  it("keeps every item's title, username and password out of the page's reach while the menu is open", async () => {
    const sites = await freshSites();
    const first = await savedFor(sites.topOrigin, 'hidden');
    const second = await savedFor(sites.topOrigin, 'secret');
    const secrets = [first.title, first.username, first.password, second.title, second.username, second.password];
    const page = await openPage(browser, sites.url('simple.html'));

    run.step('the page listens to everything it can before the menu opens');
    await page.evaluate(() => {
      const scope = globalThis as unknown as Hostile;
      const seen: string[] = [];
      scope.__seen = seen;
      for (const type of ['input', 'change', 'message', 'keydown', 'focusin', 'click']) {
        scope.addEventListener(type, (event) => {
          seen.push(JSON.stringify(event.data ?? null));
          const target = event.target as HostileElement | undefined;
          if (target && typeof target.value === 'string') seen.push(target.value);
        }, true);
      }
      new scope.MutationObserver((records) => {
        for (const record of records) {
          for (let index = 0; index < record.addedNodes.length; index++) seen.push(record.addedNodes[index]!.outerHTML ?? record.addedNodes[index]!.textContent ?? '');
        }
      }).observe(scope.document, { childList: true, subtree: true, attributes: true, characterData: true });
    });
    await trustedClick(page, 'username');
    await waitForMenuEntry(page, first.id);
    await waitForMenuEntry(page, second.id);

    run.step('nothing of the menu is in the DOM, in window properties or in what the page saw');
    const view = await page.evaluate(() => {
      const scope = globalThis as unknown as Hostile;
      const doc = scope.document;
      const shadows: string[] = [];
      const all = doc.querySelectorAll('*');
      for (let index = 0; index < all.length; index++) {
        const node = all[index]!;
        if (node.shadowRoot) shadows.push(node.shadowRoot.innerHTML);
      }
      const frameReads: string[] = [];
      for (let index = 0; index < scope.frames.length; index++) {
        for (const read of [() => String(scope.frames[index]!.document), () => scope.frames[index]!.location.href]) {
          try {
            frameReads.push(`readable: ${read()}`);
          } catch (error) {
            frameReads.push(`blocked: ${(error as { name: string }).name}`);
          }
        }
      }
      const windowStrings = Object.keys(scope).map((key) => {
        try {
          return typeof scope[key] === 'string' ? (scope[key] as string) : '';
        } catch {
          return '';
        }
      });
      return {
        html: doc.documentElement.outerHTML,
        shadows,
        iframes: doc.querySelectorAll('iframe').length,
        frames: scope.frames.length,
        frameReads,
        windowStrings: windowStrings.join('\n'),
        seen: (scope.__seen ?? []).join('\n'),
        values: ['username', 'password'].map((id) => doc.getElementById(id).value),
      };
    });
    const everything = [view.html, ...view.shadows, view.windowStrings, view.seen].join('\n');
    for (const secret of secrets) expect(everything.includes(secret), `the page can see ${JSON.stringify(secret)}`).toBe(false);
    expect(view.iframes, 'iframes the page can query').toBe(0);
    expect(view.frames, 'the menu is a frame of the page (window.frames)').toBeGreaterThanOrEqual(1);
    expect(view.frameReads.every((read) => read.startsWith('blocked: SecurityError')), JSON.stringify(view.frameReads)).toBe(true);
    expect(view.values).toEqual(['', '']);

    run.step('after the fill the page has the chosen password, and only that one');
    await chooseEntry(page, second.id);
    await waitForValues(page, { username: second.username, password: second.password });
    const after = await page.evaluate(() => {
      const scope = globalThis as unknown as Hostile;
      return [scope.document.documentElement.outerHTML, (scope.__seen ?? []).join('\n')].join('\n');
    });
    for (const secret of [first.title, first.username, first.password, second.title]) {
      expect(after.includes(secret), `after the fill the page can see ${JSON.stringify(secret)}`).toBe(false);
    }
    await page.close();
  });
});

/** After an event that must not open another menu: no new menu address within the settle time. */
async function expectNoMenuChange(page: Page, menus: string[]): Promise<void> {
  const before = menus.length;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  expect(menus.length, `menus opened: ${menus.length - before} more`).toBe(before);
}
