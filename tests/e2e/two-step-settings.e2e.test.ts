/**
 * Two-step verification set up from the popup's account settings, in Chromium, against the real hub:
 * add a phone number → the code sent by SMS (read from the development outbox) → "Verify phone" →
 * turn SMS two-step on; set up an authenticator app from the QR code's secret → confirm with its code
 * → the ten recovery codes, shown once. The browser that did it stays signed in; a new sign-in on the
 * hub is now asked for a second factor.
 */
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { byRole, click, fill, listItems, waitForText } from './support/aria.ts';
import { useE2eRun } from './support/e2e-run.ts';
import { browserLauncher, type HubWithMail, startHubWithMail } from './support/environment.ts';
import { activateOverHttp, attemptSignInOverHttp, createAccountOverHttp, latestOutboxEntry } from './support/hub-api.ts';
import { expectSignedIn, signIn, SLOW_MS, setServerAddress } from './flows/popup-steps.ts';

const PASSWORD = 'Tessera-e2e-42x';
const TWO_STEP = 'Two-step verification';

describe('two-step verification in the popup’s account settings', () => {
  const run = useE2eRun();
  let env: HubWithMail;

  beforeAll(async () => {
    env = await startHubWithMail(run);
  });

  it('in chromium: verifies a phone, turns SMS two-step on, sets up an authenticator app with recovery codes', async () => {
    const email = `e2e-2fa-${randomBytes(6).toString('hex')}@example.com`;
    const phone = `+4916${String(100_000_000 + Math.floor(Math.random() * 899_999_999))}`;

    run.step('arrange: an activated account, signed in in the popup');
    await createAccountOverHttp(env.hub.url, { email, password: PASSWORD, region: 'us' });
    const mail = await env.mail.waitForMail({ to: email, timeoutMs: SLOW_MS });
    const link = mail.links.find((candidate) => candidate.startsWith(`${env.hub.url}/activate?token=`));
    if (!link) throw new Error(`no activation link in:\n${mail.text}`);
    await activateOverHttp(env.hub.url, link);
    const launcher = browserLauncher(run, 'chromium');
    const session = await launcher.launch();
    const popup = await launcher.popup(session);
    await setServerAddress(popup, env.hub.url);
    await signIn(popup, email, PASSWORD);
    await expectSignedIn(popup, email);

    run.step('add the phone number: the code arrives by SMS');
    await click(popup, TWO_STEP);
    await byRole(popup, 'heading', TWO_STEP, SLOW_MS);
    await fill(popup, 'Phone number', phone);
    await fill(popup, 'Account password', PASSWORD);
    await click(popup, 'Send code');
    const sms = await (async () => {
      for (let tries = 0; ; tries++) {
        try {
          return await latestOutboxEntry(env.hub.url, 'sms.phone_verification', phone);
        } catch (error) {
          if (tries > 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    })();
    const code = /\b(\d{6})\b/.exec(sms.text)?.[1] ?? '';

    run.step('verify the phone and turn SMS two-step on');
    await fill(popup, 'Code from SMS', code, SLOW_MS);
    await click(popup, 'Verify phone');
    await fill(popup, 'Account password', PASSWORD, SLOW_MS);
    await click(popup, 'Turn on two-step verification by SMS', 'button', SLOW_MS);
    await byRole(popup, 'button', 'Turn off two-step verification by SMS', SLOW_MS);

    run.step('set up an authenticator app from the secret beside the QR code');
    await fill(popup, 'Account password', PASSWORD);
    await click(popup, 'Set up authenticator app');
    await popup.waitForSelector('img[alt="QR code for your authenticator app"]', { timeout: SLOW_MS });
    const secret = await popup.$eval('dl.secret code', (element) => (element as unknown as { textContent: string }).textContent.replace(/\s+/g, ''));
    const appCode = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    await fill(popup, 'Code from the app', appCode);
    await click(popup, 'Confirm');
    const recoveryCodes = await listItems(popup, 'Recovery codes', SLOW_MS);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await click(popup, 'I have saved these codes');
    await waitForText(popup, 'The authenticator app is on. Recovery codes left: 10.', SLOW_MS);

    run.step('this browser stays signed in; a new sign-in is asked for a second factor');
    await click(popup, 'Back');
    await expectSignedIn(popup, email);
    const attempt = await attemptSignInOverHttp(env.hub.url, { email, password: PASSWORD });
    expect(attempt.status).toBe(401);
    expect(attempt.body).toMatchObject({ error: { code: 'second_factor_required', methods: ['totp', 'sms', 'recovery'] } });
    await session.close();
  });
});
