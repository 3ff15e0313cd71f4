/**
 * The autofill steps the end-to-end tests repeat, written against the autofill DOM contract: the
 * in-page menu is an extension iframe whose address contains /autofill-menu.html, with one
 * `button[data-entry-id]` per item; the save/update prompt is an iframe with /save-prompt.html and
 * `[data-action]` buttons. Their host element has a closed shadow root, so the iframes are found
 * only through page.frames() — as the page itself could not find them. Every click and keystroke is
 * puppeteer input (trusted events); a page's own script is simulated with page.evaluate (main world).
 * Items are arranged and read back with the messages the popup sends (vault.create, vault.list,
 * vault.get) from an extension page.
 */
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import type { HubWithMail } from '../support/environment.ts';
import type { BrowserLauncher } from '../support/environment.ts';
import type { ExtensionBrowser } from '../support/browsers.ts';
import { navigate, recordConsole } from '../support/extension-pages.ts';
import { activatedAccount } from './activated-account.ts';
import { setServerAddress, signIn } from './popup-steps.ts';
import { createMasterPassword } from './vault-steps.ts';

export const MENU_PAGE = '/autofill-menu.html';
export const PROMPT_PAGE = '/save-prompt.html';
/** How long a menu, prompt or fill may take to show up before the step fails. */
export const SHOW_MS = 10_000;
/**
 * How long "nothing shows up" is watched. The positive steps show the same menu or prompt within a
 * few hundred milliseconds on the reference machine; absence is only ever checked after the event
 * that would have caused it, and the safety tests add a positive step afterwards on the same path.
 */
export const SETTLE_MS = 1_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------- extension messages (from an extension page: the popup tab) ----------

export type MessageResult<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string } };

/** How long the background may take to answer a message (an unanswered one would hang the test). */
const ANSWER_MS = 20_000;

export async function sendMessage<T = unknown>(extensionPage: Page, type: string, payload: unknown): Promise<MessageResult<T>> {
  const asked = extensionPage.evaluate((message) => {
    const scope = globalThis as unknown as Record<'browser' | 'chrome', { runtime: { sendMessage(m: unknown): Promise<unknown> } } | undefined>;
    return (scope.browser ?? scope.chrome)!.runtime.sendMessage(message);
  }, { type, payload }) as Promise<MessageResult<T>>;
  let timer: NodeJS.Timeout | undefined;
  const unanswered = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the background did not answer ${type} within ${ANSWER_MS} ms`)), ANSWER_MS);
  });
  return Promise.race([asked, unanswered]).finally(() => clearTimeout(timer));
}

export async function mustSend<T = unknown>(extensionPage: Page, type: string, payload: unknown): Promise<T> {
  const result = await sendMessage<T>(extensionPage, type, payload);
  if (!result?.ok) throw new Error(`${type} failed: ${JSON.stringify(result)}`);
  return result.value;
}

export interface Login {
  title: string;
  username: string;
  password: string;
  /** Addresses saved on the item (match mode "site"). */
  websites: string[];
  totp?: string;
}

export interface StoredItem {
  id: string;
  content: { title: string; login: { username: string; password: string; websites: { url: string; match: string }[]; totp: string } | null };
  passwordHistory: { password: string }[];
}

/** Creates a login item the way the popup's editor does; returns its id. */
export async function createLogin(extensionPage: Page, login: Login): Promise<string> {
  const item = await mustSend<StoredItem>(extensionPage, 'vault.create', {
    favourite: false,
    content: {
      kind: 'login',
      title: login.title,
      notes: '',
      fields: [],
      login: { username: login.username, password: login.password, websites: login.websites.map((url) => ({ url, match: 'site' })), totp: login.totp ?? '' },
    },
  });
  return item.id;
}

export interface ListedItem {
  id: string;
  title: string;
  username: string;
  trashed: boolean;
}

/** The vault's items (vault.list answers columns, lib/messaging/preview-pack.ts). */
export async function listItems(extensionPage: Page): Promise<ListedItem[]> {
  const list = await mustSend<{ items: { ids: string[]; titles: string[]; usernames: string[]; trashedAt: number[] } }>(extensionPage, 'vault.list', {});
  return list.items.ids.map((id, index) => ({
    id,
    title: list.items.titles[index] ?? '',
    username: list.items.usernames[index] ?? '',
    trashed: (list.items.trashedAt[index] ?? 0) !== 0,
  }));
}

export const getItem = (extensionPage: Page, id: string) => mustSend<StoredItem>(extensionPage, 'vault.get', { id });

export async function totpCode(extensionPage: Page, id: string): Promise<string> {
  return (await mustSend<{ code: string }>(extensionPage, 'vault.totpCode', { id })).code;
}

// ---------- set-up ----------

export interface AutofillBrowser {
  session: ExtensionBrowser;
  /** The popup, open in a tab: used to send extension messages. */
  extensionPage: Page;
  /** Console lines of the fixture tabs (content scripts log there), for diagnostics. */
  pageConsole: string[];
}

/** A browser with the extension signed in to a fresh activated account and the vault unlocked. */
export async function unlockedBrowser(env: HubWithMail, launcher: BrowserLauncher, account: { email: string; password: string; master: string }): Promise<AutofillBrowser> {
  await activatedAccount(env, account);
  const session = await launcher.launch();
  const extensionPage = await launcher.popup(session);
  await setServerAddress(extensionPage, env.hub.url);
  await signIn(extensionPage, account.email, account.password);
  await createMasterPassword(extensionPage, account.master);
  // The longest idle lock, so a slow run never meets a locked vault halfway.
  await mustSend(extensionPage, 'vault.setLockTimeout', { timeout: 240 });
  return { session, extensionPage, pageConsole: [] };
}

/** Opens a web page in a new tab (its console recorded for diagnostics). */
export async function openPage(browser: AutofillBrowser, url: string): Promise<Page> {
  const page = await browser.session.browser.newPage();
  recordConsole(page, browser.pageConsole, new URL(url).pathname);
  await navigate(page, url);
  return page;
}

// ---------- fields ----------

export type Where = Page | Frame;

const frameOf = (where: Where): Frame => ('mainFrame' in where ? where.mainFrame() : where);

/** The frame showing `file` (e.g. the framed sign-in of an iframe fixture). */
export async function childFrame(page: Page, file: string, timeout = SHOW_MS): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame() && candidate.url().endsWith(`/${file}`));
    if (frame) {
      await frame.waitForSelector('body', { timeout });
      return frame;
    }
    if (Date.now() > deadline) throw new Error(`no frame shows ${file}; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
    await sleep(50);
  }
}

/** The element with this id, also inside open shadow roots. */
export async function element(where: Where, id: string, timeout = SHOW_MS): Promise<ElementHandle> {
  const handle = await frameOf(where).waitForSelector(`pierce/#${id}`, { timeout });
  if (!handle) throw new Error(`no element #${id}`);
  return handle as ElementHandle;
}

export async function valueOf(where: Where, id: string): Promise<string> {
  const handle = await element(where, id);
  return handle.evaluate((input) => (input as unknown as { value: string }).value);
}

export async function valuesOf(where: Where, ids: readonly string[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const id of ids) values[id] = await valueOf(where, id);
  return values;
}

/** Waits until every field holds its expected value; the error shows what they hold. */
export async function waitForValues(where: Where, expected: Record<string, string>, timeout = SHOW_MS): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await valuesOf(where, Object.keys(expected));
    if (Object.entries(expected).every(([id, value]) => seen[id] === value)) return;
    if (Date.now() > deadline) throw new Error(`the fields hold ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`);
    await sleep(50);
  }
}

/** A real mouse click (a trusted event) in the middle of the element. */
export async function trustedClick(where: Where, id: string): Promise<void> {
  await (await element(where, id)).click();
}

/**
 * Types as a person would (trusted key events). The field gets the focus from puppeteer's
 * `element.focus()` — a script focus, which opens no menu, so no menu covers the next field. In a
 * frame the field is clicked first: a cross-origin frame may not take the focus from a script.
 */
export async function typeText(where: Where, id: string, text: string): Promise<void> {
  const handle = await element(where, id);
  if (!('mainFrame' in where) && where.parentFrame()) await handle.click();
  await handle.type(text);
}

// ---------- the in-page menu and the prompt ----------

export const framesShowing = (page: Page, pagePath: string): Frame[] => page.frames().filter((frame) => frame.url().includes(pagePath));

/** Waits for a selector in any frame showing `pagePath`; frames that go away meanwhile are skipped. */
async function waitInFrames(page: Page, pagePath: string, selector: string, what: string, timeout: number): Promise<{ frame: Frame; handle: ElementHandle }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of framesShowing(page, pagePath)) {
      const handle = await frame.$(selector).catch(() => null);
      if (handle) return { frame, handle: handle as ElementHandle };
    }
    if (Date.now() > deadline) {
      const shown = await Promise.all(
        framesShowing(page, pagePath).map((frame) => frame.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } | null } }).document.body?.innerText ?? '').catch(() => '(gone)')),
      );
      throw new Error(`${what} did not show within ${timeout} ms (frames showing ${pagePath}: ${JSON.stringify(shown)}; all frames: ${page.frames().map((f) => f.url()).join(', ')})`);
    }
    await sleep(50);
  }
}

/** Waits for the menu to list the item and returns the menu's frame. */
export async function waitForMenuEntry(page: Page, itemId: string, timeout = SHOW_MS): Promise<Frame> {
  return (await waitInFrames(page, MENU_PAGE, `button[data-entry-id="${itemId}"]`, `the menu entry for item ${itemId}`, timeout)).frame;
}

/** Clicks the item's entry in the menu (a real click inside the extension iframe). */
export async function chooseEntry(page: Page, itemId: string): Promise<void> {
  const { handle } = await waitInFrames(page, MENU_PAGE, `button[data-entry-id="${itemId}"]`, `the menu entry for item ${itemId}`, SHOW_MS);
  await handle.click();
}

/** Clicks a `[data-action]` control in the menu (confirm-fill, generate). */
export async function menuAction(page: Page, action: string): Promise<void> {
  const { handle } = await waitInFrames(page, MENU_PAGE, `[data-action="${action}"]`, `the menu's ${action} control`, SHOW_MS);
  await handle.click();
}

/** The item ids the open menu lists, in order. */
export async function menuEntryIds(menu: Frame): Promise<string[]> {
  return menu.$$eval('button[data-entry-id]', (buttons) => buttons.map((button) => (button as unknown as { dataset: { entryId: string } }).dataset.entryId));
}

/** Fails if a frame showing `pagePath` appears within SETTLE_MS. */
export async function expectNoFrame(page: Page, pagePath: string, what: string, settleMs = SETTLE_MS): Promise<void> {
  const deadline = Date.now() + settleMs;
  while (Date.now() < deadline) {
    const shown = framesShowing(page, pagePath);
    if (shown.length > 0) throw new Error(`${what} showed (${shown.map((f) => f.url().replace(/#.*/, '#…')).join(', ')})`);
    await sleep(50);
  }
}

export const expectNoMenu = (page: Page, settleMs?: number) => expectNoFrame(page, MENU_PAGE, 'an autofill menu', settleMs);
export const expectNoPrompt = (page: Page, settleMs?: number) => expectNoFrame(page, PROMPT_PAGE, 'a save/update prompt', settleMs);

/** Waits until no frame shows `pagePath` (a menu or prompt closed). */
export async function waitForFrameGone(page: Page, pagePath: string, what: string, timeout = SHOW_MS): Promise<void> {
  const deadline = Date.now() + timeout;
  while (framesShowing(page, pagePath).length > 0) {
    if (Date.now() > deadline) throw new Error(`${what} is still there after ${timeout} ms`);
    await sleep(50);
  }
}

const PROMPT_WORDS = { save: /Save password for/i, update: /Update password for/i } as const;

/** Waits for the save or update prompt (told apart by its heading) and returns its frame. */
export async function waitForPrompt(page: Page, kind: 'save' | 'update', timeout = SHOW_MS): Promise<Frame> {
  const { frame } = await waitInFrames(page, PROMPT_PAGE, '[data-action="save"]', `the ${kind} prompt`, timeout);
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await frame.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText).catch(() => '');
    if (PROMPT_WORDS[kind].test(text)) return frame;
    if (Date.now() > deadline) throw new Error(`the prompt does not read as a ${kind} prompt: ${JSON.stringify(text)}`);
    await sleep(50);
  }
}

/** The text input of the prompt labelled `label` (Title, Username). */
export async function promptInput(prompt: Frame, label: string): Promise<ElementHandle> {
  const handle = await prompt.waitForSelector(`::-p-aria([name="${label}"][role="textbox"])`, { timeout: SHOW_MS });
  if (!handle) throw new Error(`the prompt has no text field "${label}"`);
  return handle as ElementHandle;
}

export async function promptValue(prompt: Frame, label: string): Promise<string> {
  return (await promptInput(prompt, label)).evaluate((input) => (input as unknown as { value: string }).value);
}

/** Clicks Save/Update, Never or Not now in the prompt and waits for the prompt to close. */
export async function answerPrompt(page: Page, prompt: Frame, action: 'save' | 'never' | 'dismiss'): Promise<void> {
  const button = await prompt.waitForSelector(`[data-action="${action}"]`, { timeout: SHOW_MS });
  await button!.click();
  await waitForFrameGone(page, PROMPT_PAGE, `the prompt (after ${action})`);
}

/** Records every address a frame of the page navigates to (e.g. each menu opened, with its token). */
export function recordFrameUrls(page: Page, pagePath: string): string[] {
  const seen: string[] = [];
  const note = (frame: Frame) => {
    const url = frame.url();
    if (url.includes(pagePath) && !seen.includes(url)) seen.push(url);
  };
  page.on('frameattached', note);
  page.on('framenavigated', note);
  return seen;
}
