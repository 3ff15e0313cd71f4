/**
 * Starts the pieces an end-to-end test needs and registers each with the run, so they are closed
 * (and their logs shown on failure) whatever happens: the SMTP capture, the hub, the browsers.
 */
import type { Page } from 'puppeteer-core';
import { type BrowserKind, builtExtensionDir, type ExtensionBrowser, launchBrowser } from './browsers.ts';
import type { E2eRun } from './e2e-run.ts';
import { navigate, popupUrl, recordConsole } from './extension-pages.ts';
import { type HubProcess, startHub } from './hub-process.ts';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture.ts';

export interface HubWithMail {
  hub: HubProcess;
  mail: SmtpCapture;
  /** The hub's data folder (its SQLite file is `tessera.sqlite` in it). */
  dataDir: string;
}

export async function startHubWithMail(run: E2eRun): Promise<HubWithMail> {
  const mail = await startSmtpCapture();
  run.defer('SMTP capture', () => mail.close());
  const dataDir = run.tempDir('hub-data');
  const hub = await startHub({ dataDir, smtpUrl: mail.smtpUrl });
  run.defer('hub', () => hub.stop());
  run.diagnose('hub log (last lines)', () => hub.log() || '(empty)');
  run.diagnose('mail received', () => mail.mails().map((m) => `${m.to.join(', ')}: ${m.subject}`).join('\n') || '(none)');
  return { hub, mail, dataDir };
}

export interface BrowserLauncher {
  kind: BrowserKind;
  profileDir: string;
  /** Launches the browser on the same profile (first start or a restart) and registers its close. */
  launch(): Promise<ExtensionBrowser>;
  /** Opens the popup in a tab and records its console output for diagnostics. */
  popup(session: ExtensionBrowser): Promise<Page>;
  /** Closes this popup tab and opens the popup again (as a user closing and reopening it). */
  reopenPopup(session: ExtensionBrowser, popup: Page): Promise<Page>;
}

export function browserLauncher(run: E2eRun, kind: BrowserKind): BrowserLauncher {
  const profileDir = run.tempDir(`${kind}-profile`);
  const extensionDir = builtExtensionDir(kind);
  const consoleLines: string[] = [];
  run.diagnose(`${kind} extension pages console`, () => consoleLines.slice(-100).join('\n') || '(nothing logged)');
  let launches = 0;
  const popup = async (session: ExtensionBrowser): Promise<Page> => {
    const page = await session.browser.newPage();
    recordConsole(page, consoleLines, `${kind} popup`);
    await navigate(page, popupUrl(session));
    return page;
  };
  return {
    kind,
    profileDir,
    async launch() {
      launches += 1;
      const session = await launchBrowser(kind, { profileDir, extensionDir });
      run.defer(`${kind} (launch ${launches})`, () => session.close());
      return session;
    },
    popup,
    async reopenPopup(session, page) {
      await page.close();
      return popup(session);
    },
  };
}
