/**
 * The popup steps the account tests repeat, written against the popup's contract (English UI,
 * controls found by their accessible names).
 */
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { byRole, click, fill, isChecked, listItems, queryRole, select, waitForRoleText, waitForText } from '../support/aria.ts';
import type { PageElement } from '../support/page-globals.ts';

/** Slow steps (Argon2 on the hub, first sync) get more time than a click. */
export const SLOW_MS = 30_000;

export const SIGNED_OUT_HEADING = 'Sign In to My Tessera';
export const SIGNED_IN_HEADING = 'My Tessera';

/** Points the popup at the test's hub: Settings → Server address → Save → "Saved" → Back. */
export async function setServerAddress(popup: Page, hubUrl: string): Promise<void> {
  await byRole(popup, 'heading', SIGNED_OUT_HEADING, SLOW_MS);
  await click(popup, 'Settings');
  await fill(popup, 'Server address', hubUrl);
  await click(popup, 'Save');
  await waitForRoleText(popup, 'status', 'Saved', SLOW_MS).catch(async (error: unknown) => {
    const alert = await queryRole(popup, 'alert');
    const shown = alert ? await alert.evaluate((element) => (element as unknown as PageElement).innerText) : null;
    throw new Error(
      shown
        ? `saving the server address ${hubUrl} failed with the alert: ${shown}`
        : `saving the server address ${hubUrl} showed neither "Saved" nor an alert; the popup may be waiting for a ` +
            'host-permission prompt that a headless browser never answers (loopback addresses must need none)',
      { cause: error },
    );
  });
  await click(popup, 'Back');
  await byRole(popup, 'heading', SIGNED_OUT_HEADING);
}

export interface NewAccount {
  email: string;
  password: string;
  region: string;
}

export const MARKETING_CONSENT = 'I agree to provide Tessera with my email address to receive personalized marketing offers';

/**
 * Create Account screen → fills it, leaving the marketing checkbox as it is → Create. Returns whether
 * that checkbox was checked (it must start unchecked).
 */
export async function createAccount(popup: Page, account: NewAccount): Promise<{ marketingConsentChecked: boolean }> {
  await click(popup, 'Create Account');
  await byRole(popup, 'heading', 'Create Account');
  await fill(popup, 'Email address', account.email);
  await fill(popup, 'Password', account.password);
  await fill(popup, 'Confirm password', account.password);
  await select(popup, 'Region', account.region);
  const marketingConsentChecked = await isChecked(popup, MARKETING_CONSENT);
  await click(popup, 'Create');
  return { marketingConsentChecked };
}

export async function signIn(popup: Page, email: string, password: string): Promise<void> {
  await byRole(popup, 'heading', SIGNED_OUT_HEADING);
  await fill(popup, 'Email address', email);
  await fill(popup, 'Password', password);
  await click(popup, 'Sign In');
}

/**
 * Opens the account screen. Signed in, the popup shows the vault first (create the master password,
 * unlock, or the items); the account (devices, two-step, sign out) is behind its "Account" button.
 */
export async function openAccountScreen(popup: Page): Promise<void> {
  const deadline = Date.now() + SLOW_MS;
  while (!(await queryRole(popup, 'heading', SIGNED_IN_HEADING))) {
    const account = await queryRole(popup, 'button', 'Account');
    if (account) {
      await account.click();
      break;
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await byRole(popup, 'heading', SIGNED_IN_HEADING, SLOW_MS);
}

/**
 * Waits for the signed-in popup, opens the account screen, and returns the "Connected devices" list
 * item marked "This device".
 */
export async function expectSignedIn(popup: Page, email: string): Promise<string> {
  await openAccountScreen(popup);
  await waitForText(popup, email);
  await waitForText(popup, 'This device', SLOW_MS);
  const items = await listItems(popup, 'Connected devices');
  const current = items.filter((item) => item.includes('This device'));
  expect(current, `"Connected devices" items: ${JSON.stringify(items)}`).toHaveLength(1);
  return current[0]!;
}

export async function signOut(popup: Page): Promise<void> {
  await click(popup, 'Sign Out');
  await byRole(popup, 'heading', SIGNED_OUT_HEADING, SLOW_MS);
  expect(await queryRole(popup, 'button', 'Sign Out')).toBeNull();
}
