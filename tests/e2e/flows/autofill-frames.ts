/**
 * The autofill iframes as a test sees them: the in-page menu (an extension iframe whose address
 * contains /autofill-menu.html, one `button[data-entry-id]` per item, `[data-action]` controls) and
 * the save/update prompt (/save-prompt.html). Their host element has a closed shadow root, so they
 * are found only through page.frames() — as the page itself could not find them. Every frame
 * operation has a time limit: puppeteer waits for a frame that is being torn down without one.
 */
import type { ElementHandle, Frame, Page } from 'puppeteer-core';

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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A frame query or evaluation that gives up: puppeteer waits for a frame's execution context without
 * a limit, and a frame that is being replaced or torn down may never get one.
 */
export function limited<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/**
 * The address of a frame's document. Over WebDriver BiDi (Firefox) a frame navigated to a
 * moz-extension:// page keeps saying about:blank in frame.url() (as pages do, see
 * support/extension-pages.ts), so such frames are asked for their location.
 */
async function frameAddress(frame: Frame): Promise<string> {
  const url = frame.url();
  if (url !== 'about:blank' && url !== '') return url;
  return limited(frame.evaluate(() => (globalThis as unknown as { location: { href: string } }).location.href), 1_000, 'reading a frame address').catch(() => url);
}

export async function framesShowing(page: Page, pagePath: string): Promise<Frame[]> {
  const frames = page.frames().filter((frame) => frame !== page.mainFrame());
  const addresses = await Promise.all(frames.map(frameAddress));
  return frames.filter((_, index) => addresses[index]!.includes(pagePath));
}

/**
 * Clicks a control inside the menu or prompt iframe. Choosing an entry or answering the prompt
 * removes that iframe at once, and Chromium may then never acknowledge the mouse-up to puppeteer
 * (the frame's renderer is gone): the iframe going away counts as the click having landed.
 */
async function clickInFrame(page: Page, frame: Frame, handle: ElementHandle, what: string): Promise<void> {
  let onDetached: ((detached: Frame) => void) | undefined;
  const gone = new Promise<void>((resolve) => {
    onDetached = (detached) => {
      if (detached === frame) resolve();
    };
    page.on('framedetached', onDetached);
    if (frame.detached) resolve();
  });
  try {
    await limited(Promise.race([handle.click(), gone]), SHOW_MS, what);
  } finally {
    page.off('framedetached', onDetached!);
  }
}

/** Waits for a selector in any frame showing `pagePath`; frames that go away meanwhile are skipped. */
async function waitInFrames(page: Page, pagePath: string, selector: string, what: string, timeout: number): Promise<{ frame: Frame; handle: ElementHandle }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of await framesShowing(page, pagePath)) {
      const handle = await limited(frame.$(selector), 1_000, `querying ${frame.url()}`).catch(() => null);
      if (handle) return { frame, handle: handle as ElementHandle };
    }
    if (Date.now() > deadline) {
      const shown = await Promise.all(
        (await framesShowing(page, pagePath)).map((frame) =>
          limited(frame.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } | null } }).document.body?.innerText ?? ''), 1_000, 'reading the frame').catch(
            (error: unknown) => `(unreadable: ${String(error)})`,
          ),
        ),
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
  const { frame, handle } = await waitInFrames(page, MENU_PAGE, `button[data-entry-id="${itemId}"]`, `the menu entry for item ${itemId}`, SHOW_MS);
  await clickInFrame(page, frame, handle, `clicking the menu entry for item ${itemId}`);
}

/** Clicks a `[data-action]` control in the menu (confirm-fill, generate). */
export async function menuAction(page: Page, action: string): Promise<void> {
  const { frame, handle } = await waitInFrames(page, MENU_PAGE, `[data-action="${action}"]`, `the menu's ${action} control`, SHOW_MS);
  await clickInFrame(page, frame, handle, `clicking the menu's ${action} control`);
}

/** The item ids the open menu lists, in order. */
export async function menuEntryIds(menu: Frame): Promise<string[]> {
  return limited(
    menu.$$eval('button[data-entry-id]', (buttons) => buttons.map((button) => (button as unknown as { dataset: { entryId: string } }).dataset.entryId)),
    SHOW_MS,
    'reading the menu entries',
  );
}

/** Fails if a frame showing `pagePath` appears within SETTLE_MS. */
export async function expectNoFrame(page: Page, pagePath: string, what: string, settleMs = SETTLE_MS): Promise<void> {
  const deadline = Date.now() + settleMs;
  while (Date.now() < deadline) {
    const shown = await framesShowing(page, pagePath);
    if (shown.length > 0) throw new Error(`${what} showed (${shown.map((f) => f.url().replace(/#.*/, '#…')).join(', ')})`);
    await sleep(50);
  }
}

export const expectNoMenu = (page: Page, settleMs?: number) => expectNoFrame(page, MENU_PAGE, 'an autofill menu', settleMs);
export const expectNoPrompt = (page: Page, settleMs?: number) => expectNoFrame(page, PROMPT_PAGE, 'a save/update prompt', settleMs);

/**
 * Waits for open menus to close (they close when their field loses the focus); one still open
 * after that is closed with Escape, as a person would.
 */
export async function closeMenus(page: Page): Promise<void> {
  const closed = await waitForFrameGone(page, MENU_PAGE, 'the menu', 2_000).then(() => true, () => false);
  if (closed) return;
  await page.keyboard.press('Escape');
  await waitForFrameGone(page, MENU_PAGE, 'the menu (after Escape)');
}

/** Waits until no frame shows `pagePath` (a menu or prompt closed). */
export async function waitForFrameGone(page: Page, pagePath: string, what: string, timeout = SHOW_MS): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await framesShowing(page, pagePath)).length > 0) {
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
    const text = await limited(frame.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText), 1_000, 'reading the prompt').catch(() => '');
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
  const input = await promptInput(prompt, label);
  return limited(input.evaluate((field) => (field as unknown as { value: string }).value), SHOW_MS, `reading the prompt's ${label}`);
}

/** Clicks Save/Update, Never or Not now in the prompt and waits for the prompt to close. */
export async function answerPrompt(page: Page, prompt: Frame, action: 'save' | 'never' | 'dismiss'): Promise<void> {
  const button = await prompt.waitForSelector(`[data-action="${action}"]`, { timeout: SHOW_MS });
  await clickInFrame(page, prompt, button as ElementHandle, `clicking the prompt's ${action}`);
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
