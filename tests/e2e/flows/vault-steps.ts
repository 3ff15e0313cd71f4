/**
 * The vault steps the end-to-end tests repeat, written against the popup's contract (English UI,
 * controls found by their accessible names): master password setup, unlock, lock, items.
 */
import type { Page } from 'puppeteer-core';
import { byRole, click, fill, queryRole, waitForRoleText } from '../support/aria.ts';
import type { PageElement } from '../support/page-globals.ts';
import { SLOW_MS } from './popup-steps.ts';

export const SETUP_HEADING = 'Create your master password';
export const UNLOCK_HEADING = 'Unlock your vault';
export const VAULT_HEADING = 'Vault';
export const UNRECOVERABLE = 'I understand that a forgotten master password cannot be recovered';

/** Setup screen → master password twice → the "cannot be recovered" box → Create vault → the vault. */
export async function createMasterPassword(popup: Page, masterPassword: string): Promise<void> {
  await byRole(popup, 'heading', SETUP_HEADING, SLOW_MS);
  await fill(popup, 'Master password', masterPassword);
  await fill(popup, 'Confirm master password', masterPassword);
  await click(popup, UNRECOVERABLE, 'checkbox');
  await click(popup, 'Create vault');
  await byRole(popup, 'heading', VAULT_HEADING, SLOW_MS);
}

export async function unlock(popup: Page, masterPassword: string): Promise<void> {
  await byRole(popup, 'heading', UNLOCK_HEADING, SLOW_MS);
  await fill(popup, 'Master password', masterPassword);
  await click(popup, 'Unlock');
  await byRole(popup, 'heading', VAULT_HEADING, SLOW_MS);
}

/** A wrong master password: the alert says so (no hint) and the unlock screen stays. */
export async function unlockFails(popup: Page, wrongPassword: string): Promise<string> {
  await byRole(popup, 'heading', UNLOCK_HEADING, SLOW_MS);
  await fill(popup, 'Master password', wrongPassword);
  await click(popup, 'Unlock');
  const alert = await waitForRoleText(popup, 'alert', 'master password', SLOW_MS);
  await byRole(popup, 'heading', UNLOCK_HEADING);
  return alert;
}

export async function lock(popup: Page): Promise<void> {
  await click(popup, 'Lock');
  await byRole(popup, 'heading', UNLOCK_HEADING, SLOW_MS);
}

export interface NewLogin {
  title: string;
  username: string;
  password: string;
  website: string;
}

/** Vault → Add item → a login → Save → its view → Back to the list. */
export async function addLogin(popup: Page, login: NewLogin): Promise<void> {
  await click(popup, 'Add item');
  await byRole(popup, 'heading', 'New item');
  await fill(popup, 'Title', login.title);
  await fill(popup, 'Username', login.username);
  await fill(popup, 'Password', login.password);
  await fill(popup, 'Website', login.website);
  await click(popup, 'Save');
  await byRole(popup, 'heading', login.title, SLOW_MS);
  await click(popup, 'Back');
  await byRole(popup, 'heading', VAULT_HEADING);
}

/** Vault → Add item → Secure note → Save → Back. */
export async function addNote(popup: Page, title: string, notes: string): Promise<void> {
  await click(popup, 'Add item');
  await byRole(popup, 'heading', 'New item');
  await byRole(popup, 'combobox', 'Item type').then((handle) => handle.select('note'));
  await fill(popup, 'Title', title);
  await fill(popup, 'Notes', notes);
  await click(popup, 'Save');
  await byRole(popup, 'heading', title, SLOW_MS);
  await click(popup, 'Back');
  await byRole(popup, 'heading', VAULT_HEADING);
}

/** The titles the vault list shows right now (each row is a button named by the item's title). */
export async function listedTitles(popup: Page): Promise<string[]> {
  const list = await byRole(popup, 'list', 'Items');
  return list.$$eval(':scope > li > button.item-row[data-item-id]', (buttons) =>
    buttons.map((button) => (button as unknown as PageElement).getAttribute('aria-label') ?? (button as unknown as PageElement).innerText.trim()),
  );
}

/** Waits until the list shows exactly these titles (in any order). */
export async function waitForTitles(popup: Page, titles: string[], timeout = SLOW_MS): Promise<void> {
  const wanted = [...titles].sort().join('\n');
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await listedTitles(popup).catch(() => []);
    if ([...seen].sort().join('\n') === wanted) return;
    if (Date.now() > deadline) throw new Error(`the vault list shows ${JSON.stringify(seen)}, not ${JSON.stringify(titles)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function search(popup: Page, query: string): Promise<void> {
  await fill(popup, 'Search vault', query);
}

export async function openItem(popup: Page, title: string): Promise<void> {
  await click(popup, title);
  await byRole(popup, 'heading', title, SLOW_MS);
}

export async function showFilter(popup: Page, filter: 'All items' | 'Favourites' | 'Trash'): Promise<void> {
  await click(popup, filter);
  await popup.waitForSelector(`::-p-aria([name="${filter}"][role="button"])[aria-pressed="true"]`, { timeout: SLOW_MS });
}

/** Whether a control with this name is on screen now. */
export async function hasButton(popup: Page, name: string): Promise<boolean> {
  return (await queryRole(popup, 'button', name)) !== null;
}
