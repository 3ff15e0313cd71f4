/**
 * The autofill steps the end-to-end tests repeat: a browser with an unlocked vault, items arranged
 * and read back with the messages the popup sends (vault.create, vault.list, vault.get) from an
 * extension page, fixture tabs, and a person's input on their fields — every click and keystroke is
 * puppeteer input (trusted events); a page's own script is simulated with page.evaluate (main world).
 * The menu and prompt iframes: autofill-frames.ts (re-exported here).
 */
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import type { BrowserLauncher, HubWithMail } from '../support/environment.ts';
import type { ExtensionBrowser } from '../support/browsers.ts';
import { navigate, recordConsole } from '../support/extension-pages.ts';
import { activatedAccount } from './activated-account.ts';
import { closeMenus, limited, SHOW_MS, sleep } from './autofill-frames.ts';
import { setServerAddress, signIn } from './popup-steps.ts';
import { createMasterPassword } from './vault-steps.ts';

export * from './autofill-frames.ts';

// ---------- extension messages (from an extension page: the popup tab) ----------

export type MessageResult<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string } };

/** How long the background may take to answer a message (an unanswered one would hang the test). */
const ANSWER_MS = 20_000;

export async function sendMessage<T = unknown>(extensionPage: Page, type: string, payload: unknown): Promise<MessageResult<T>> {
  const asked = extensionPage.evaluate((message) => {
    const scope = globalThis as unknown as Record<'browser' | 'chrome', { runtime: { sendMessage(m: unknown): Promise<unknown> } } | undefined>;
    return (scope.browser ?? scope.chrome)!.runtime.sendMessage(message);
  }, { type, payload }) as Promise<MessageResult<T>>;
  return limited(asked, ANSWER_MS, `the background's answer to ${type}`);
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

/**
 * Opens a web page in a new tab (its console recorded for diagnostics). `preload` runs in every
 * document of the tab before the page's own scripts (what a page's first inline script could do).
 */
export async function openPage(browser: AutofillBrowser, url: string, options: { preload?: () => void } = {}): Promise<Page> {
  const page = await browser.session.browser.newPage();
  recordConsole(page, browser.pageConsole, new URL(url).pathname);
  if (options.preload) await page.evaluateOnNewDocument(options.preload);
  await navigate(page, url);
  return page;
}

/**
 * Closes a fixture tab. A tab whose close never completes (seen rarely in Chromium with extension
 * frames in it) must not hang the file: it is reported and left to the browser's own close.
 */
export async function closePage(page: Page): Promise<void> {
  await limited(page.close(), SHOW_MS, `closing the tab ${page.url()}`).catch((error: unknown) => console.warn(String(error)));
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
  return limited(handle.evaluate((input) => (input as unknown as { value: string }).value), SHOW_MS, `reading #${id}`);
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
  await limited((await element(where, id)).click(), SHOW_MS, `clicking #${id}`);
}

/**
 * A real click on a submit button, then — when it makes the top document navigate (a form post) —
 * waits until the next document has loaded: a save prompt shown on the document being left is
 * shown again by the next one (autofill.pendingPrompt), and only that one stays to be answered.
 */
export async function submitWith(page: Page, where: Where, id: string): Promise<void> {
  const navigated = page.waitForNavigation({ waitUntil: 'load', timeout: SHOW_MS }).then(
    () => true,
    () => false,
  );
  await trustedClick(where, id);
  // A form post starts navigating within milliseconds of the click; a page that does not navigate
  // (fetch-style sign-in, a form in a frame) is left alone after this.
  await Promise.race([navigated, sleep(1_500)]);
}

/**
 * Types as a person would: trusted key events into the focused field. With `click` the field gets
 * the focus from a real click (which may open the menu); without, from puppeteer's `element.focus()`
 * — a script focus, which opens no menu, so no menu covers the next field.
 */
export async function typeText(where: Where, id: string, text: string, options: { click?: boolean } = {}): Promise<void> {
  const handle = await element(where, id);
  if (options.click) await limited(handle.click(), SHOW_MS, `clicking #${id}`);
  await limited(handle.type(text), SHOW_MS, `typing into #${id}`);
}

/**
 * Fills a form by hand: a real click into the first field (what makes a person's form known to the
 * page's scripts and ours, and gives a cross-origin frame the focus), then the other fields by
 * keyboard focus, and waits until no menu is left open over the rest of the page.
 */
export async function typeFields(where: Where, entries: readonly (readonly [id: string, text: string])[]): Promise<void> {
  for (const [index, [id, text]] of entries.entries()) await typeText(where, id, text, { click: index === 0 });
  await closeMenus('mainFrame' in where ? where : where.page());
}
