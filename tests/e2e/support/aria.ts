/**
 * Finds controls the way a screen reader does: by role and accessible name. Puppeteer's `::-p-aria`
 * selector works in Chromium (CDP accessibility tree) and in Firefox ESR (WebDriver BiDi
 * `browsingContext.locateNodes` with an accessibility locator) alike, with one difference: in Firefox
 * a name-only query also matches the <label> element that gives an input its name, and an
 * <input type="password"> has no ARIA role at all (Chromium calls it "textbox"). So the helpers query
 * role AND name, except for text fields, which are found by name and then filtered to elements that
 * take text (see textField) — that matches the same element in both browsers.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { currentUrl } from './extension-pages.ts';
import type { PageElement, PageGlobals } from './page-globals.ts';

export type AriaRole =
  | 'alert'
  | 'button'
  | 'checkbox'
  | 'combobox'
  | 'heading'
  | 'link'
  | 'list'
  | 'listitem'
  | 'status'
  | 'textbox';

const DEFAULT_TIMEOUT_MS = 10_000;

/** The `::-p-aria` selector for `role` and/or `name` (both matched exactly). */
export function ariaSelector(role: AriaRole | undefined, name?: string): string {
  const parts = role === undefined ? [] : [`[role="${role}"]`];
  if (name !== undefined) {
    const quote = name.includes('"') ? "'" : '"';
    if (name.includes(quote)) throw new Error(`an accessible name with both quote kinds cannot be queried: ${name}`);
    parts.unshift(`[name=${quote}${name}${quote}]`);
  }
  if (parts.length === 0) throw new Error('ariaSelector needs a role or a name');
  return `::-p-aria(${parts.join('')})`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the element with this role and accessible name and returns it. */
export async function byRole(page: Page, role: AriaRole, name?: string, timeout = DEFAULT_TIMEOUT_MS): Promise<ElementHandle> {
  const handle = await page.waitForSelector(ariaSelector(role, name), { timeout }).catch(async (error: unknown) => {
    const what = name === undefined ? `a ${role}` : `${role} "${name}"`;
    const shown = await pageText(page).catch(() => '(page unavailable)');
    throw new Error(`no ${what} on ${await currentUrl(page)} within ${timeout} ms; the page shows:\n${shown}`, { cause: error });
  });
  if (!handle) throw new Error(`no ${role} "${name ?? ''}" on ${await currentUrl(page)}`);
  return handle as ElementHandle;
}

/** The element with this role and name if it is there right now, otherwise null (no waiting). */
export async function queryRole(page: Page, role: AriaRole, name?: string): Promise<ElementHandle | null> {
  return (await page.$(ariaSelector(role, name))) as ElementHandle | null;
}

/**
 * Waits for the text field (input, textarea or role=textbox, including password fields) whose
 * accessible name is `name`.
 */
export async function textField(page: Page, name: string, timeout = DEFAULT_TIMEOUT_MS): Promise<ElementHandle> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const handle of await page.$$(ariaSelector(undefined, name))) {
      const takesText = await handle.evaluate((element) => {
        const field = element as unknown as PageElement & { tagName: string; type?: string };
        if (field.getAttribute('role') === 'textbox' || field.tagName === 'TEXTAREA') return true;
        const nonText = ['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit'];
        return field.tagName === 'INPUT' && !nonText.includes(field.type ?? 'text');
      });
      if (takesText) return handle as ElementHandle;
      await handle.dispose();
    }
    if (Date.now() > deadline) throw new Error(`no text field "${name}" on ${await currentUrl(page)} within ${timeout} ms`);
    await sleep(100);
  }
}

/** Types `value` into the text field named `name`, replacing what was there, as a user would. */
export async function fill(page: Page, name: string, value: string, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  const field = await textField(page, name, timeout);
  await field.evaluate((element) => {
    const input = element as unknown as { value: string; focus(): void; dispatchEvent(event: unknown): boolean };
    input.focus();
    if (input.value === '') return;
    input.value = '';
    const { InputEvent } = globalThis as unknown as { InputEvent: new (type: string, init: object) => unknown };
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
  });
  await field.type(value);
  const typed = await field.evaluate((element) => (element as unknown as { value: string }).value);
  if (typed !== value) throw new Error(`text field "${name}" holds ${JSON.stringify(typed)} after typing ${JSON.stringify(value)}`);
}

/** Chooses the option with this value in the select (combobox) named `name`. */
export async function select(page: Page, name: string, value: string, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  const handle = await byRole(page, 'combobox', name, timeout);
  const chosen = await handle.select(value);
  if (!chosen.includes(value)) throw new Error(`combobox "${name}" has no option with value ${value}`);
}

/** Clicks the control with this role and name once it is visible, enabled and still. */
export async function click(page: Page, name: string, role: AriaRole = 'button', timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  await page.locator(ariaSelector(role, name)).setTimeout(timeout).click();
}

/** Whether the checkbox named `name` is checked. */
export async function isChecked(page: Page, name: string, timeout = DEFAULT_TIMEOUT_MS): Promise<boolean> {
  const handle = await byRole(page, 'checkbox', name, timeout);
  return handle.evaluate((element) => {
    const input = element as unknown as PageElement;
    return input.checked === true || input.getAttribute('aria-checked') === 'true';
  });
}

/** The visible text of the element with this role (and name). */
export async function textOf(page: Page, role: AriaRole, name?: string, timeout = DEFAULT_TIMEOUT_MS): Promise<string> {
  const handle = await byRole(page, role, name, timeout);
  return handle.evaluate((element) => (element as unknown as PageElement).innerText.trim());
}

/** The visible text of each item of the list named `name`. */
export async function listItems(page: Page, name: string, timeout = DEFAULT_TIMEOUT_MS): Promise<string[]> {
  const list = await byRole(page, 'list', name, timeout);
  return list.$$eval(':scope > li, :scope > [role="listitem"]', (items) =>
    items.map((item) => (item as unknown as PageElement).innerText.trim()),
  );
}

/** Waits until an element with this role (e.g. status, alert) shows `text`, and returns all its text. */
export async function waitForRoleText(page: Page, role: AriaRole, text: string, timeout = DEFAULT_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen: string[] = [];
    for (const handle of await page.$$(ariaSelector(role))) {
      const content = await handle.evaluate((element) => (element as unknown as PageElement).innerText.trim());
      await handle.dispose();
      if (content.includes(text)) return content;
      seen.push(content);
    }
    if (Date.now() > deadline) {
      const where = await currentUrl(page);
      throw new Error(`no ${role} showing "${text}" on ${where} within ${timeout} ms (${role} texts: ${JSON.stringify(seen)})`);
    }
    await sleep(100);
  }
}

/** Waits until the page shows `text` (a substring of the body's visible text). */
export async function waitForText(page: Page, text: string, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  await page
    .waitForFunction(
      (wanted) => (globalThis as unknown as PageGlobals).document.body?.innerText.includes(wanted) ?? false,
      { timeout, polling: 100 },
      text,
    )
    .catch(async (error: unknown) => {
      const shown = await pageText(page).catch(() => '(page unavailable)');
      throw new Error(`"${text}" did not appear on ${await currentUrl(page)} within ${timeout} ms; the page shows:\n${shown}`, {
        cause: error,
      });
    });
}

/**
 * Waits until some element's visible text is exactly `text` (so "Activated" does not match
 * "Not activated"). Looks at leaf-most elements: those whose own text is the whole text.
 */
export async function waitForExactText(page: Page, text: string, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  await page
    .waitForFunction(
      (wanted) => {
        const { document } = globalThis as unknown as PageGlobals & {
          document: { querySelectorAll(selector: string): Iterable<PageElement> };
        };
        for (const element of document.querySelectorAll('body *')) if (element.innerText?.trim() === wanted) return true;
        return false;
      },
      { timeout, polling: 100 },
      text,
    )
    .catch(async (error: unknown) => {
      const shown = await pageText(page).catch(() => '(page unavailable)');
      throw new Error(`no element reads exactly "${text}" on ${await currentUrl(page)} within ${timeout} ms; the page shows:\n${shown}`, {
        cause: error,
      });
    });
}

/** The visible text of the whole page (for assertions and failure messages). */
export function pageText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).document.body?.innerText ?? '');
}
