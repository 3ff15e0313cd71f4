/**
 * The Security Check and two-step sign-in end to end, in the built extension's popup against the real
 * hub (child process): three wrong passwords → the Security Check appears → wrong characters → a new
 * picture → the right characters and password → "Code from SMS" → the code from the development
 * outbox → signed in (Chromium). Firefox ESR walks the Security Check path. Answers come from the
 * hub's development outbox, as a developer would read them; the popup never sees them.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { byRole, click, fill, queryRole, waitForRoleText } from './support/aria.ts';
import type { BrowserKind } from './support/browsers.ts';
import { useE2eRun } from './support/e2e-run.ts';
import { browserLauncher, type HubWithMail, startHubWithMail } from './support/environment.ts';
import { latestOutboxEntry, signInOverHttp, turnSmsTwoStepOnOverHttp } from './support/hub-api.ts';
import { activatedAccount } from './flows/activated-account.ts';
import { expectSignedIn, SIGNED_OUT_HEADING, SLOW_MS, setServerAddress } from './flows/popup-steps.ts';

const PASSWORD = 'Tessera-e2e-42x';
const SECURITY_CHECK = 'Security Check';
/** Long enough for the background's backoff between tries (2, 4, 8 s …). */
const BACKOFF_MS = 20_000;

const uniqueEmail = () => `e2e-check-${randomBytes(6).toString('hex')}@example.com`;
const uniquePhone = () => `+4915${String(100_000_000 + Math.floor(Math.random() * 899_999_999))}`;

/**
 * Clicks "Sign In" as an impatient person would: if the background's backoff answers "Too many
 * attempts, try again in …", waits that long and clicks again (the sign-in form shows the wait as an
 * alert; the steps show it as a countdown on the disabled button, which `click` waits out).
 */
async function signInPatiently(popup: Page): Promise<void> {
  for (let tries = 0; tries < 10; tries++) {
    await click(popup, 'Sign In', 'button', BACKOFF_MS);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const alert = await queryRole(popup, 'alert');
    const text = alert ? await alert.evaluate((element) => (element as unknown as { innerText: string }).innerText) : '';
    if (!text.includes('Too many attempts')) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the popup kept answering "Too many attempts"');
}

/** Three wrong passwords in the popup; the third answer brings the Security Check. */
async function failThreeTimes(popup: Page, email: string): Promise<void> {
  await byRole(popup, 'heading', SIGNED_OUT_HEADING);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await fill(popup, 'Email address', email);
    await fill(popup, 'Password', `${PASSWORD}-wrong-${attempt}`);
    await signInPatiently(popup);
    if (attempt < 3) {
      const alert = await waitForRoleText(popup, 'alert', 'not correct', SLOW_MS);
      expect(alert).toContain('The email address or password is not correct.');
    }
  }
  await byRole(popup, 'heading', SECURITY_CHECK, SLOW_MS);
  await pictureSource(popup);
}

/** Reads the picture's characters the way a developer can: from the hub's development outbox. */
async function currentAnswer(env: HubWithMail): Promise<string> {
  return (await latestOutboxEntry(env.hub.url, 'captcha.sign_in')).text;
}

/**
 * The picture's data: URL. Found by its text alternative with a CSS selector: the browsers name the
 * accessibility role of <img> differently ("img", "image"), the alt text is what a person relies on.
 */
async function pictureSource(popup: Page): Promise<string> {
  const image = await popup.waitForSelector('img[alt="Security Check picture"]', { timeout: SLOW_MS });
  if (!image) throw new Error('no Security Check picture');
  return image.evaluate((element) => (element as unknown as { src: string }).src);
}

describe('Security Check and two-step sign-in in the popup', () => {
  const run = useE2eRun();
  let env: HubWithMail;

  beforeAll(async () => {
    env = await startHubWithMail(run);
  });

  it('in chromium: wrong passwords → Security Check → wrong characters → new picture → right → Code from SMS → signed in', async () => {
    const kind: BrowserKind = 'chromium';
    const email = uniqueEmail();
    const phone = uniquePhone();

    run.step('arrange: an activated account with SMS two-step on (over HTTP, as another device)');
    await activatedAccount(env, { email, password: PASSWORD });
    const other = await signInOverHttp(env.hub.url, { email, password: PASSWORD });
    await turnSmsTwoStepOnOverHttp(env.hub.url, other, phone, PASSWORD);

    const launcher = browserLauncher(run, kind);
    const session = await launcher.launch();
    let popup = await launcher.popup(session);
    await setServerAddress(popup, env.hub.url);

    run.step('three wrong passwords bring the Security Check');
    await failThreeTimes(popup, email);
    expect(await pictureSource(popup)).toMatch(/^data:image\/png;base64,/);

    run.step('closing and reopening the popup shows the same step');
    const before = await pictureSource(popup);
    popup = await launcher.reopenPopup(session, popup);
    await byRole(popup, 'heading', SECURITY_CHECK, SLOW_MS);
    expect(await pictureSource(popup)).toBe(before);

    run.step('wrong characters: refused, with a new picture');
    await fill(popup, 'Password', PASSWORD);
    await fill(popup, 'Characters from the picture', 'wrong');
    await click(popup, 'Sign In', 'button', BACKOFF_MS);
    await waitForRoleText(popup, 'alert', 'did not match', SLOW_MS);
    await byRole(popup, 'heading', SECURITY_CHECK);
    expect(await pictureSource(popup)).not.toBe(before);

    run.step('"New picture" replaces it');
    const second = await pictureSource(popup);
    await click(popup, 'New picture');
    await popup.waitForFunction(
      (previous) => {
        const image = (globalThis as unknown as { document: { querySelector(s: string): { src: string } | null } }).document.querySelector('img');
        return image !== null && image.src !== previous;
      },
      { timeout: SLOW_MS },
      second,
    );

    run.step('the right characters and the right password → "Code from SMS"');
    await fill(popup, 'Characters from the picture', await currentAnswer(env));
    await fill(popup, 'Password', PASSWORD);
    await click(popup, 'Sign In', 'button', BACKOFF_MS);
    await byRole(popup, 'heading', 'Two-step verification', SLOW_MS);

    run.step('the code from the outbox signs in');
    const sms = await latestOutboxEntry(env.hub.url, 'sms.sign_in_code', phone);
    const code = /\b(\d{6})\b/.exec(sms.text)?.[1] ?? '';
    await fill(popup, 'Code from SMS', code);
    await click(popup, 'Verify', 'button', BACKOFF_MS);
    await expectSignedIn(popup, email);
    expect(await queryRole(popup, 'heading', SECURITY_CHECK)).toBeNull();
    await session.close();
  });

  it('in firefox: wrong passwords → Security Check → right characters and password → signed in', async () => {
    const kind: BrowserKind = 'firefox';
    const email = uniqueEmail();
    await activatedAccount(env, { email, password: PASSWORD });
    const launcher = browserLauncher(run, kind);
    const session = await launcher.launch();
    const popup = await launcher.popup(session);
    await setServerAddress(popup, env.hub.url);

    run.step('firefox: three wrong passwords bring the Security Check');
    await failThreeTimes(popup, email);

    run.step('firefox: the right characters and password sign in');
    await fill(popup, 'Characters from the picture', await currentAnswer(env));
    await fill(popup, 'Password', PASSWORD);
    await click(popup, 'Sign In', 'button', BACKOFF_MS);
    await expectSignedIn(popup, email);
    await session.close();
  });
});
