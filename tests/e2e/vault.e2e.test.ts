/**
 * The encrypted vault end to end in Chromium, against the real hub: sign in → create the master
 * password → add, edit, search, trash and restore items → lock (the key is gone from storage.session
 * and the background answers "locked") → a wrong master password is refused → unlock → restart the
 * browser → unlock again and everything is there. A content script cannot read storage.session. A
 * second browser profile signed into the same account unlocks with the same master password (the
 * keyset comes from the hub) and, after the master password is changed on the first, only with the
 * new one. Firefox ESR walks setup → item → lock → unlock (WebAssembly Argon2id under its CSP).
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { byRole, click, fill, waitForRoleText, waitForText } from './support/aria.ts';
import type { ExtensionBrowser } from './support/browsers.ts';
import { useE2eRun } from './support/e2e-run.ts';
import { browserLauncher, type HubWithMail, startHubWithMail } from './support/environment.ts';
import { openTab } from './support/extension-pages.ts';
import { serveHtml } from './support/static-site.ts';
import { activatedAccount } from './flows/activated-account.ts';
import { setServerAddress, signIn, SLOW_MS } from './flows/popup-steps.ts';
import {
  addLogin,
  addNote,
  createMasterPassword,
  lock,
  openItem,
  search,
  showFilter,
  UNLOCK_HEADING,
  unlock,
  unlockFails,
  VAULT_HEADING,
  waitForTitles,
} from './flows/vault-steps.ts';

const PASSWORD = 'Tessera-e2e-42x';
const MASTER = 'correct horse battery staple 42';
const NEW_MASTER = 'a brand new master passphrase 7';
const uniqueEmail = () => `e2e-vault-${randomBytes(6).toString('hex')}@example.com`;

/** The keys in the extension's storage.session, read inside the background service worker. */
async function sessionStorageKeys(session: ExtensionBrowser): Promise<string[]> {
  const worker = await session.backgroundWorker();
  return worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { session: { get(keys: null): Promise<Record<string, unknown>> } } } }).chrome;
    return Object.keys(await api.storage.session.get(null));
  });
}

/** What the background answers an extension page that asks for the item list. */
async function askForList(popup: Page): Promise<unknown> {
  return popup.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome;
    return api.runtime.sendMessage({ type: 'vault.list', payload: {} });
  });
}

/** Runs a function as a content script (isolated world) in the tab showing `url` and returns its result. */
async function readSessionStorageFromContentScript(session: ExtensionBrowser, url: string): Promise<unknown> {
  const worker = await session.backgroundWorker();
  return worker.evaluate(async (pageUrl) => {
    type Chrome = {
      tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
      scripting: { executeScript(options: object): Promise<{ result?: unknown }[]> };
    };
    const api = (globalThis as unknown as { chrome: Chrome }).chrome;
    const tab = (await api.tabs.query({})).find((candidate) => candidate.url === pageUrl);
    if (tab?.id === undefined) throw new Error(`no tab shows ${pageUrl}`);
    const [injection] = await api.scripting.executeScript({
      target: { tabId: tab.id },
      world: 'ISOLATED',
      func: async () => {
        const content = globalThis as unknown as { chrome: { storage?: { session?: { get(keys: null): Promise<Record<string, unknown>> } } } };
        try {
          const values = await content.chrome.storage?.session?.get(null);
          return { readable: values !== undefined, keys: Object.keys(values ?? {}) };
        } catch (error) {
          return { readable: false, error: error instanceof Error ? error.message : String(error) };
        }
      },
    });
    return injection?.result;
  }, url);
}

describe('the encrypted vault', () => {
  const run = useE2eRun({ timeLimitMs: 8 * 60_000 });
  let env: HubWithMail;

  beforeAll(async () => {
    env = await startHubWithMail(run);
  });

  it('keeps items through lock, unlock and a browser restart; a second profile unlocks with the same master password (Chromium)', async () => {
    const email = uniqueEmail();
    await activatedAccount(env, { email, password: PASSWORD });
    const launcher = browserLauncher(run, 'chromium');

    run.step('chromium: sign in and create the master password');
    let session = await launcher.launch();
    let popup = await launcher.popup(session);
    await setServerAddress(popup, env.hub.url);
    await signIn(popup, email, PASSWORD);
    await createMasterPassword(popup, MASTER);
    await waitForText(popup, 'No items yet');

    run.step('chromium: add a login and a secure note');
    await addLogin(popup, { title: 'GitHub', username: 'octo@example.com', password: 'first-Password-1', website: 'https://github.com/login' });
    await addNote(popup, 'Wifi at home', 'The network is called tessera-home.');
    await waitForTitles(popup, ['GitHub', 'Wifi at home']);

    run.step('chromium: edit the login; the old password goes to its history');
    await openItem(popup, 'GitHub');
    await click(popup, 'Edit');
    await byRole(popup, 'heading', 'Edit item');
    await fill(popup, 'Password', 'second-Password-2');
    await click(popup, 'Save');
    await byRole(popup, 'heading', 'GitHub', SLOW_MS);
    await click(popup, 'Show password');
    await waitForText(popup, 'second-Password-2');
    await click(popup, 'Password history');
    await waitForText(popup, 'first-Password-1');
    await click(popup, 'Back');
    await byRole(popup, 'heading', VAULT_HEADING);

    run.step('chromium: search by title, username and website');
    await search(popup, 'wifi');
    await waitForTitles(popup, ['Wifi at home']);
    await search(popup, 'octo@');
    await waitForTitles(popup, ['GitHub']);
    await search(popup, 'github.com');
    await waitForTitles(popup, ['GitHub']);
    await search(popup, 'nothing like this');
    await waitForTitles(popup, []);
    await search(popup, '');
    await waitForTitles(popup, ['GitHub', 'Wifi at home']);

    run.step('chromium: move the note to the trash and restore it');
    await openItem(popup, 'Wifi at home');
    await click(popup, 'Move to trash');
    await byRole(popup, 'heading', VAULT_HEADING, SLOW_MS);
    await waitForTitles(popup, ['GitHub']);
    await showFilter(popup, 'Trash');
    await waitForTitles(popup, ['Wifi at home']);
    await openItem(popup, 'Wifi at home');
    await click(popup, 'Restore');
    await byRole(popup, 'heading', VAULT_HEADING, SLOW_MS);
    await showFilter(popup, 'All items');
    await waitForTitles(popup, ['GitHub', 'Wifi at home']);

    run.step('chromium: a content script cannot read storage.session');
    const site = await serveHtml({ '/': '<!doctype html><title>plain page</title><p>nothing here</p>' });
    run.defer('static site', () => site.close());
    const page = await openTab(session, `${site.url}/`);
    const fromContentScript = await readSessionStorageFromContentScript(session, `${site.url}/`);
    expect(fromContentScript).toMatchObject({ readable: false });
    await page.close();

    run.step('chromium: lock clears the key from storage.session and from the background');
    expect(await sessionStorageKeys(session)).toContain('vaultKey');
    await lock(popup);
    expect(await sessionStorageKeys(session)).not.toContain('vaultKey');
    expect(await askForList(popup)).toEqual({ ok: false, error: { code: 'vault_locked' } });

    run.step('chromium: a wrong master password is refused; the right one unlocks');
    expect(await unlockFails(popup, `${MASTER}!`)).toContain('That master password is not right.');
    await unlock(popup, MASTER);
    await waitForTitles(popup, ['GitHub', 'Wifi at home']);

    run.step('chromium: restart the browser; the vault is locked and unlocks with everything there');
    await session.close();
    session = await launcher.launch();
    popup = await launcher.popup(session);
    await byRole(popup, 'heading', UNLOCK_HEADING, SLOW_MS);
    expect(await sessionStorageKeys(session)).not.toContain('vaultKey');
    await unlock(popup, MASTER);
    await waitForTitles(popup, ['GitHub', 'Wifi at home']);
    await openItem(popup, 'GitHub');
    await click(popup, 'Show password');
    await waitForText(popup, 'second-Password-2');
    await click(popup, 'Back');

    run.step('second profile: signs in and unlocks with the same master password');
    const second = browserLauncher(run, 'chromium');
    const otherSession = await second.launch();
    const other = await second.popup(otherSession);
    await setServerAddress(other, env.hub.url);
    await signIn(other, email, PASSWORD);
    expect(await unlockFails(other, 'not the master password at all')).toContain('That master password is not right.');
    await unlock(other, MASTER);

    run.step('chromium: change the master password; the second profile needs the new one');
    await click(popup, 'Vault settings');
    await byRole(popup, 'heading', 'Vault settings');
    await click(popup, 'Change master password');
    await fill(popup, 'Current master password', MASTER);
    await fill(popup, 'New master password', NEW_MASTER);
    await fill(popup, 'Confirm new master password', NEW_MASTER);
    await click(popup, 'Save new master password');
    await waitForRoleText(popup, 'status', 'Master password changed.', SLOW_MS);
    await lock(other);
    await waitForText(other, 'changed on another device', SLOW_MS);
    expect(await unlockFails(other, MASTER)).toContain('That master password is not right.');
    await unlock(other, NEW_MASTER);
  });

  it('sets up, keeps an item, locks and unlocks in Firefox ESR', async () => {
    const email = uniqueEmail();
    await activatedAccount(env, { email, password: PASSWORD });
    const launcher = browserLauncher(run, 'firefox');

    run.step('firefox: sign in, create the master password, add a login');
    const session = await launcher.launch();
    const popup = await launcher.popup(session);
    await setServerAddress(popup, env.hub.url);
    await signIn(popup, email, PASSWORD);
    await createMasterPassword(popup, MASTER);
    await addLogin(popup, { title: 'Mozilla', username: 'fox@example.com', password: 'fox-Password-3', website: 'https://mozilla.org' });

    run.step('firefox: lock, refuse a wrong master password, unlock');
    await lock(popup);
    expect(await unlockFails(popup, 'wrong master password here')).toContain('That master password is not right.');
    await unlock(popup, MASTER);
    await waitForTitles(popup, ['Mozilla']);
  });
});
