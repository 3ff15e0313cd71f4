/**
 * Launches Chromium or Firefox ESR with the built extension loaded into a given profile folder
 * (flags and prefs from shared/design/browser-testing.md). The same profile folder can be launched
 * again after close(): extension storage (storage.local and the extension's IndexedDB) survives, as a
 * browser restart does for a user.
 *
 * Firefox profile reuse (checked with puppeteer-core 25 and Firefox ESR 153): `userDataDir` is used as
 * the `--profile` folder; puppeteer writes its prefs into user.js on each launch and restores the
 * previous user.js/prefs.js on close. The extension is installed temporarily over WebDriver BiDi
 * (installExtension) on every launch. Because the gecko id (tessera@tessera.dev) and the moz-extension
 * UUID (pinned by `extensions.webextensions.uuids`) stay the same, the re-installed extension gets the
 * same origin, and its storage.local and IndexedDB from the previous launch are still there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type WebWorker } from 'puppeteer-core';
import { type BrowserKind, findBrowser } from './browser-paths.ts';

export type { BrowserKind } from './browser-paths.ts';

export const GECKO_ID = 'tessera@tessera.dev';
/** Pinned so the popup's address (moz-extension://<uuid>/…) is known before the extension starts. */
export const FIREFOX_EXTENSION_UUID = '5e55e7a0-7e55-4e2a-9d1c-0e2e0e2e0e2e';

export interface LaunchOptions {
  /** The browser profile; reuse it to simulate a browser restart. */
  profileDir: string;
  /** The built extension, e.g. .output/chrome-mv3 or .output/firefox-mv3. */
  extensionDir: string;
  /** Firefox only: preferences on top of the defaults below. */
  firefoxPrefs?: Record<string, unknown>;
}

export interface ExtensionBrowser {
  kind: BrowserKind;
  browser: Browser;
  profileDir: string;
  /** chrome-extension://<id> or moz-extension://<uuid> */
  extensionOrigin: string;
  /** The extension's background service worker. Chromium only: Firefox offers no handle on it. */
  backgroundWorker(): Promise<WebWorker>;
  /** Closes the browser and waits until its process is gone, so the profile can be launched again. */
  close(): Promise<void>;
}

const LAUNCH_TIMEOUT_MS = 30_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--lang=en-US',
  '--accept-lang=en-US,en',
];

const FIREFOX_PREFS = {
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
  'intl.locale.requested': 'en-US',
  'intl.accept_languages': 'en-US, en',
};

function closer(browser: Browser): () => Promise<void> {
  return async () => {
    const process = browser.process();
    try {
      await browser.close();
    } catch {
      process?.kill('SIGKILL');
    }
    if (process && process.exitCode === null && process.signalCode === null) {
      await new Promise((resolve) => process.once('exit', resolve));
    }
  };
}

export async function launchChromium(options: LaunchOptions): Promise<ExtensionBrowser> {
  const extensionDir = path.resolve(options.extensionDir);
  const browser = await puppeteer.launch({
    executablePath: findBrowser('chromium'),
    headless: true,
    pipe: true, // without it some versions throw after start-up and leave Chromium running
    userDataDir: options.profileDir,
    enableExtensions: [extensionDir],
    args: CHROMIUM_ARGS,
    timeout: LAUNCH_TIMEOUT_MS,
  });
  const close = closer(browser);
  try {
    const findWorker = () =>
      browser.waitForTarget((target) => target.type() === 'service_worker' && target.url().endsWith('/background.js'), {
        timeout: LAUNCH_TIMEOUT_MS,
      });
    const worker = await findWorker();
    return {
      kind: 'chromium',
      browser,
      profileDir: options.profileDir,
      extensionOrigin: `chrome-extension://${new URL(worker.url()).host}`,
      async backgroundWorker() {
        // The service worker may have been stopped and restarted since launch: look it up again.
        const current = await findWorker();
        const handle = await current.worker();
        if (!handle) throw new Error('the background service worker target has no worker handle');
        return handle;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function launchFirefox(options: LaunchOptions): Promise<ExtensionBrowser> {
  const extensionDir = path.resolve(options.extensionDir);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findBrowser('firefox'),
    headless: true,
    userDataDir: options.profileDir,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...options.firefoxPrefs },
    timeout: LAUNCH_TIMEOUT_MS,
  });
  const close = closer(browser);
  try {
    const id = await browser.installExtension(extensionDir);
    if (id !== GECKO_ID) throw new Error(`the Firefox build's add-on id is ${id}, expected ${GECKO_ID}`);
    return {
      kind: 'firefox',
      browser,
      profileDir: options.profileDir,
      extensionOrigin: `moz-extension://${FIREFOX_EXTENSION_UUID}`,
      backgroundWorker() {
        return Promise.reject(new Error('Firefox offers no handle on the extension background; test through extension pages'));
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The built extension for `kind` under the repository's .output folder. */
export function builtExtensionDir(kind: BrowserKind): string {
  const root = path.resolve(import.meta.dirname, '../../..');
  const dir = path.join(root, '.output', kind === 'chromium' ? 'chrome-mv3' : 'firefox-mv3');
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`The extension is not built (${dir} has no manifest.json). Fix: run npm run build first.`);
  }
  return dir;
}

export function launchBrowser(kind: BrowserKind, options: LaunchOptions): Promise<ExtensionBrowser> {
  return kind === 'chromium' ? launchChromium(options) : launchFirefox(options);
}
