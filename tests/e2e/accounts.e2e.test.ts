/**
 * My Tessera accounts end to end, in Chromium and in Firefox ESR: the built extension's popup against
 * the real hub (child process, SQLite, mail over SMTP to a capture server). Create the account →
 * activation mail → open the link → sign out and in → this device listed → popup closed and reopened
 * → browser restarted on the same profile → sign out, and the hub no longer lists the device.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { byRole, click, fill, queryRole, waitForExactText, waitForRoleText, waitForText } from './support/aria.ts';
import type { BrowserKind } from './support/browsers.ts';
import { useE2eRun } from './support/e2e-run.ts';
import { browserLauncher, type HubWithMail, startHubWithMail } from './support/environment.ts';
import { openTab } from './support/extension-pages.ts';
import { createAccountOverHttp, listDevices, signInOverHttp } from './support/hub-api.ts';
import type { PageElement } from './support/page-globals.ts';
import {
  createAccount,
  expectSignedIn,
  openAccountScreen,
  SIGNED_IN_HEADING,
  SIGNED_OUT_HEADING,
  SLOW_MS,
  setServerAddress,
  signIn,
  signOut,
} from './flows/popup-steps.ts';

const PASSWORD = 'Tessera-e2e-42x';

interface BrowserCase {
  kind: BrowserKind;
  region: string;
  /** How the popup (English UI) names the region. */
  regionName: string;
  activationSubject: string;
  deviceName: string;
}

const CASES: BrowserCase[] = [
  { kind: 'chromium', region: 'de', regionName: 'Germany', activationSubject: 'Aktivieren Sie Ihr My-Tessera-Konto', deviceName: 'Chromium on Linux' },
  { kind: 'firefox', region: 'fr', regionName: 'France', activationSubject: 'Activez votre compte My Tessera', deviceName: 'Firefox on Linux' },
];

const uniqueEmail = () => `e2e-${randomBytes(6).toString('hex')}@example.com`;

describe('My Tessera accounts in the popup', () => {
  const run = useE2eRun();
  let env: HubWithMail;

  beforeAll(async () => {
    env = await startHubWithMail(run);
  });

  describe.each(CASES)('in $kind', ({ kind, region, regionName, activationSubject, deviceName }) => {
    it('creates, activates, signs in, stays signed in across popup and browser restarts, and signs out', async () => {
      const email = uniqueEmail();
      const launcher = browserLauncher(run, kind);

      run.step(`${kind}: point the popup at the test hub`);
      let session = await launcher.launch();
      let popup = await launcher.popup(session);
      await setServerAddress(popup, env.hub.url);

      run.step(`${kind}: create the account`);
      const { marketingConsentChecked } = await createAccount(popup, { email, password: PASSWORD, region });
      expect(marketingConsentChecked).toBe(false);
      await openAccountScreen(popup);
      await waitForExactText(popup, 'Not activated');
      await byRole(popup, 'button', 'Resend activation email');
      await waitForText(popup, regionName);
      expect(await expectSignedIn(popup, email)).toContain(deviceName);

      run.step(`${kind}: open the activation link from the mail`);
      const mail = await env.mail.waitForMail({ to: email, timeoutMs: SLOW_MS });
      expect(mail.subject).toBe(activationSubject);
      const link = mail.links.find((candidate) => candidate.startsWith(`${env.hub.url}/activate?token=`));
      expect(link, `activation link in:\n${mail.text}`).toBeDefined();
      const activationPage = await openTab(session, link!);
      expect(await activationPage.$eval('h1', (h1) => (h1 as unknown as PageElement).dataset.outcome)).toBe('success');
      await activationPage.close();

      run.step(`${kind}: the popup, opened again, shows the account activated`);
      popup = await launcher.reopenPopup(session, popup);
      await openAccountScreen(popup);
      await waitForExactText(popup, 'Activated', SLOW_MS);
      expect(await queryRole(popup, 'button', 'Resend activation email')).toBeNull();

      run.step(`${kind}: sign out and sign in again`);
      await signOut(popup);
      await signIn(popup, email, PASSWORD);
      expect(await expectSignedIn(popup, email)).toContain(deviceName);

      run.step(`${kind}: close the popup and open it again`);
      popup = await launcher.reopenPopup(session, popup);
      await expectSignedIn(popup, email);

      run.step(`${kind}: restart the browser on the same profile`);
      await session.close();
      session = await launcher.launch();
      popup = await launcher.popup(session);
      await expectSignedIn(popup, email);

      run.step(`${kind}: the hub lists the device, then forgets it after sign-out`);
      const checker = await signInOverHttp(env.hub.url, { email, password: PASSWORD });
      const before = await listDevices(env.hub.url, checker);
      expect(before.filter((device) => !device.current).map((device) => device.name)).toEqual([deviceName]);
      await signOut(popup);
      const after = await listDevices(env.hub.url, checker);
      expect(after.map((device) => device.id)).toEqual([checker.deviceId]);
      await session.close();
    });

    it('shows an alert and stays on the sign-in screen when the password is wrong', async () => {
      const email = uniqueEmail();
      await createAccountOverHttp(env.hub.url, { email, password: PASSWORD, region });
      const launcher = browserLauncher(run, kind);

      run.step(`${kind}: wrong password`);
      const session = await launcher.launch();
      const popup = await launcher.popup(session);
      await setServerAddress(popup, env.hub.url);
      await fill(popup, 'Email address', email);
      await fill(popup, 'Password', `${PASSWORD}-wrong`);
      await click(popup, 'Sign In');
      const alert = await waitForRoleText(popup, 'alert', '', SLOW_MS);
      expect(alert).toContain('The email address or password is not correct.');
      await byRole(popup, 'heading', SIGNED_OUT_HEADING);
      expect(await queryRole(popup, 'heading', SIGNED_IN_HEADING)).toBeNull();
      await session.close();
    });
  });
});
