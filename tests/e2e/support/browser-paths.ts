/**
 * Where the browsers for the end-to-end tests live: an environment variable first, then the usual
 * install paths, so the same tests run in CI and on a developer's machine. A missing browser stops
 * the run with a message naming the fix.
 */
import { accessSync, constants } from 'node:fs';

export type BrowserKind = 'chromium' | 'firefox';

const CANDIDATES: Record<BrowserKind, { env: string[]; paths: string[]; fix: string }> = {
  chromium: {
    env: ['CHROMIUM_PATH', 'CHROME_PATH'],
    paths: [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
    fix: 'install Chromium: sudo apt-get install chromium, or set CHROMIUM_PATH to its executable',
  },
  firefox: {
    env: ['FIREFOX_PATH'],
    paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'],
    fix: 'install Firefox ESR: sudo apt-get install firefox-esr, or set FIREFOX_PATH to its executable',
  },
};

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The executable for `kind`; throws an error that says how to provide one. */
export function findBrowser(kind: BrowserKind): string {
  const { env, paths, fix } = CANDIDATES[kind];
  for (const name of env) {
    const value = process.env[name];
    if (!value) continue;
    if (isExecutable(value)) return value;
    throw new Error(`${name}=${value} is not an executable file. Fix: ${fix}.`);
  }
  const found = paths.find(isExecutable);
  if (found) return found;
  throw new Error(`No ${kind} found (looked at $${env.join(', $')}, ${paths.join(', ')}). Fix: ${fix}.`);
}
