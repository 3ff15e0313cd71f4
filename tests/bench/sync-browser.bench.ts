/**
 * Sync between two real Chromium profiles with the built extension against a real hub:
 * - first full sync of a 10,000-item vault on a newly connected browser (from "Unlock" answered to
 *   every item stored, listed and "synced");
 * - propagation: from a save on A to the item being usable on B (B's background answers `vault.get`
 *   for it), p50 and p95 over 20 saves, with B doing nothing but listening on its WebSocket.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { builtExtensionDir, type ExtensionBrowser, launchBrowser } from '../e2e/support/browsers.ts';
import { navigate, popupUrl } from '../e2e/support/extension-pages.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { ms, percentile, printTable, summarize } from './stats.ts';

const ITEMS = 10_000;
const CHUNK = 1_000;
const SAVES = 20;
const MASTER = 'bench master passphrase 2026';
const PASSWORD = 'Bench-Quartz-47';
const TIMEOUT_MS = 300_000;

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string } };

async function send(page: Page, type: string, payload: unknown): Promise<Result> {
  return (await page.evaluate(
    (message) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(message),
    { type, payload },
  )) as Result;
}

async function must<T>(page: Page, type: string, payload: unknown): Promise<T> {
  const result = await send(page, type, payload);
  if (!result.ok) throw new Error(`${type} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

interface SyncStatusLike {
  state: string;
  pending: number;
}

async function waitForSynced(page: Page, deadline = Date.now() + TIMEOUT_MS): Promise<void> {
  for (;;) {
    const status = await must<SyncStatusLike>(page, 'sync.status', {});
    if (status.state === 'synced' && status.pending === 0) return;
    if (status.state === 'error') throw new Error(`sync error: ${JSON.stringify(status)}`);
    if (Date.now() > deadline) throw new Error(`not synced in time: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function items(offset: number, count: number) {
  return Array.from({ length: count }, (_, index) => ({
    kind: 'login' as const,
    title: `account ${offset + index}`,
    notes: '',
    fields: [],
    login: { username: `user${offset + index}@example.com`, password: randomBytes(12).toString('base64url'), websites: [{ url: `https://site${(offset + index) % 500}.example/login`, match: 'site' as const }], totp: '' },
  }));
}

async function openPopup(session: ExtensionBrowser): Promise<Page> {
  const page = await session.browser.newPage();
  await navigate(page, popupUrl(session));
  return page;
}

export async function runSyncBrowserBench(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-sync-browser-'));
  const profiles = [mkdtempSync(path.join(tmpdir(), 'tessera-bench-a-')), mkdtempSync(path.join(tmpdir(), 'tessera-bench-b-'))];
  const hub = await startHubProcess({ env: { DATA_DIR: dataDir, ARGON2_MEMORY_KIB: '4096', ARGON2_ITERATIONS: '1' } });
  const sessions: ExtensionBrowser[] = [];
  try {
    for (const profileDir of profiles) sessions.push(await launchBrowser('chromium', { profileDir, extensionDir: builtExtensionDir('chromium') }));
    const [a, b] = [await openPopup(sessions[0]!), await openPopup(sessions[1]!)];
    const email = `bench-sync-${randomBytes(4).toString('hex')}@example.com`;
    for (const page of [a, b]) await must(page, 'settings.setServerAddress', { address: hub.url });
    await must(a, 'account.create', { email, password: PASSWORD, region: 'us', marketingConsent: false });
    const outbox = (await (await fetch(`${hub.url}/dev/outbox.json?recipient=${encodeURIComponent(email)}`)).json()) as unknown;
    const token = /activate\?token=([A-Za-z0-9_-]+)/.exec(JSON.stringify(outbox))?.[1];
    if (!token) throw new Error('no activation link in the development outbox');
    await fetch(`${hub.url}/v1/accounts/activation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    await must(a, 'vault.setup', { masterPassword: MASTER });
    for (let offset = 0; offset < ITEMS; offset += CHUNK) await must(a, 'vault.import', { items: items(offset, CHUNK) });
    await waitForSynced(a);

    await must(b, 'session.signIn', { email, password: PASSWORD });
    await must(b, 'vault.unlock', { masterPassword: MASTER });
    const firstSyncStart = performance.now();
    await must(b, 'sync.now', {});
    await waitForSynced(b);
    const firstSyncMs = performance.now() - firstSyncStart;
    const listed = await must<{ items: { ids: string[] } }>(b, 'vault.list', {});
    if (listed.items.ids.length !== ITEMS) throw new Error(`B lists ${listed.items.ids.length} items, not ${ITEMS}`);

    const propagation: number[] = [];
    for (let save = 0; save < SAVES; save++) {
      const started = performance.now();
      const created = await must<{ id: string }>(a, 'vault.create', { content: items(ITEMS + save, 1)[0], favourite: false });
      for (;;) {
        const found = await send(b, 'vault.get', { id: created.id });
        if (found.ok) break;
        if (found.error.code !== 'item_not_found') throw new Error(`vault.get on B failed: ${found.error.code}`);
        if (performance.now() - started > 30_000) throw new Error('an item saved on A did not reach B within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      propagation.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const stats = summarize(propagation);
    printTable('Sync between two Chromium profiles', ['measure', 'value'], [
      [`first full sync of ${ITEMS.toLocaleString('en')} items on a new browser`, ms(firstSyncMs)],
      [`save on A → usable on B, p50 (${SAVES} saves)`, ms(stats.p50)],
      ['save on A → usable on B, p95', ms(percentile([...propagation].sort((x, y) => x - y), 95))],
      ['save on A → usable on B, max', ms(Math.max(...propagation))],
    ]);
  } finally {
    for (const session of sessions) await session.close();
    await hub.stop();
    for (const dir of [dataDir, ...profiles]) rmSync(dir, { recursive: true, force: true });
  }
}
