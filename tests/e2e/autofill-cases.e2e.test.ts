/**
 * The autofill data table (tests/fixtures/autofill/cases.ts) end to end, one test per row, with the
 * built extension against the real hub: every row in Chromium, the basic rows also in Firefox ESR.
 * Each row gets its own pair of fixture origins (support/fixture-sites.ts) and its own saved item,
 * so no row sees another row's items, offers or choices.
 *
 * Per row, in a fresh tab:
 * - fill: a real click on the form's first field → the menu lists the item → a real click on its
 *   entry → the fields hold the item's username, password or current code; the must-stay-empty
 *   fields stay empty. A row that must not fill: the click opens no menu, and the popup's "Fill"
 *   message for that item fills nothing either.
 * - prompt: in another fresh tab the person types credentials the vault does not have (for the
 *   change-password row: the saved password as the current one, and a new one) and submits with a
 *   real click → a "Save password" / "Update password" prompt, or none.
 */
import { randomBytes } from 'node:crypto';
import type { Frame, Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AutofillCase, autofillCases } from '../fixtures/autofill/cases.ts';
import type { BrowserKind } from './support/browsers.ts';
import { useE2eRun } from './support/e2e-run.ts';
import { browserLauncher, type HubWithMail, startHubWithMail } from './support/environment.ts';
import { type FixtureSites, startFixtureSites } from './support/fixture-sites.ts';
import { AUTOFILL_MASTER } from './flows/autofill-suite.ts';
import {
  type AutofillBrowser,
  answerPrompt,
  childFrame,
  chooseEntry,
  closePage,
  createLogin,
  expectNoMenu,
  expectNoPrompt,
  openPage,
  promptValue,
  sendMessage,
  SHOW_MS,
  submitWith,
  totpCode,
  trustedClick,
  typeFields,
  unlockedBrowser,
  valuesOf,
  waitForPrompt,
  waitForValues,
  type Where,
} from './flows/autofill-steps.ts';

const ACCOUNT_PASSWORD = 'Tessera-e2e-42x';
const MASTER = AUTOFILL_MASTER;
/** An authenticator secret for the one-time-code rows (base32). */
const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

interface Row {
  row: AutofillCase;
  index: number;
}

const rows = autofillCases.map((row, index) => ({ row, index }));

/** The field whose click opens the menu: the first form's username, else its password, else a code box. */
function menuField(row: AutofillCase): string {
  const form = row.forms[0];
  const id = form?.username ?? form?.password ?? form?.otp?.[0] ?? form?.newPasswords?.[0] ?? row.typed?.fields[0];
  if (!id) throw new Error(`row "${row.name}" has no field to click`);
  return id;
}

/** Where the row's fields are: the page, or the framed document. */
async function fieldsOf(page: Page, row: AutofillCase): Promise<Where> {
  for (const id of row.clicks ?? []) await trustedClick(page, id);
  return row.frame ? childFrame(page, row.frame.file) : page;
}

interface RowItem {
  id: string;
  username: string;
  password: string;
}

async function saveRowItem(browser: AutofillBrowser, sites: FixtureSites, { row, index }: Row): Promise<RowItem> {
  const item = { username: `saved-${index}@example.com`, password: `Saved-${index}-${randomBytes(4).toString('hex')}` };
  const isCode = row.forms[0]?.kind === 'one-time-code';
  const id = await createLogin(browser.extensionPage, {
    title: `Row ${index} ${row.name}`,
    ...item,
    websites: [row.itemFor === 'frame' ? sites.otherOrigin : sites.topOrigin],
    ...(isCode ? { totp: TOTP_SECRET } : {}),
  });
  return { id, ...item };
}

async function expectEmpty(where: Where, ids: readonly string[]): Promise<void> {
  const values = await valuesOf(where, ids);
  expect(values).toEqual(Object.fromEntries(ids.map((id) => [id, ''])));
}

async function checkFill(browser: AutofillBrowser, sites: FixtureSites, row: AutofillCase, item: RowItem): Promise<void> {
  const page = await openPage(browser, sites.url(row.page));
  try {
    const where = await fieldsOf(page, row);
    const form = row.forms[0];
    if (!row.fills) {
      // A sign-up form may open the menu for its generator; that it fills no saved login is checked below.
      if (form?.kind !== 'sign-up') {
        await trustedClick(where, menuField(row));
        await expectNoMenu(page);
      }
      await page.bringToFront();
      const answer = await sendMessage(browser.extensionPage, 'autofill.fillFromPopup', { itemId: item.id, confirmed: false });
      expect(answer, 'the popup fill of this item').not.toEqual({ ok: true, value: { filled: true } });
      await expectEmpty(where, row.mustStayEmpty);
      return;
    }
    await trustedClick(where, menuField(row));
    const before = form?.otp?.length ? await totpCode(browser.extensionPage, item.id) : '';
    await chooseEntry(page, item.id);
    const expected: Record<string, string> = {};
    if (form?.username && !row.mustStayEmpty.includes(form.username)) expected[form.username] = item.username;
    if (form?.password) expected[form.password] = item.password;
    if (form?.otp?.length) {
      // The code may roll over between reading it and the fill: either of the two is right.
      const boxes = form.otp;
      const deadline = Date.now() + SHOW_MS;
      let filled = '';
      while (Date.now() < deadline) {
        filled = Object.values(await valuesOf(where, boxes)).join('');
        if (filled.length >= 6) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const after = await totpCode(browser.extensionPage, item.id);
      expect([before, after], `the code boxes hold ${JSON.stringify(filled)}`).toContain(filled);
    }
    await waitForValues(where, expected);
    await expectEmpty(where, row.mustStayEmpty);
    if (row.page === 'preact-controlled.html') {
      // The page's own state (what its framework would submit) took the filled values.
      const state = await page.$eval('#state', (output) => (output as unknown as { textContent: string }).textContent);
      expect(JSON.parse(state)).toEqual({ username: item.username, password: '(set)' });
    }
  } finally {
    await closePage(page);
  }
}

/** Types into the row's fields what the person would (see the header); returns the submit button's id. */
async function typeCredentials(where: Where, row: AutofillCase, item: RowItem, typed: { username: string; password: string }): Promise<string> {
  if (row.typed) {
    await typeFields(where, row.typed.fields.map((id) => [id, typed.username] as const));
    return row.typed.submit;
  }
  const form = row.forms[0];
  if (!form?.submit) throw new Error(`row "${row.name}" names no submit button`);
  const entries: [string, string][] = [];
  if (form.username) entries.push([form.username, typed.username]);
  if (form.password) entries.push([form.password, row.prompt === 'update' ? item.password : typed.password]);
  for (const id of form.newPasswords ?? []) entries.push([id, typed.password]);
  for (const [position, id] of (form.otp ?? []).entries()) entries.push([id, String((position + 3) % 10)]);
  await typeFields(where, entries);
  return form.submit;
}

async function checkPrompt(browser: AutofillBrowser, sites: FixtureSites, { row, index }: Row, item: RowItem): Promise<void> {
  const typed = { username: `typed-${index}@example.com`, password: `Typed-${index}-${randomBytes(4).toString('hex')}` };
  const first = row.previousStep?.page ?? row.page;
  const page = await openPage(browser, sites.url(first));
  try {
    if (row.previousStep) {
      await typeFields(page, [[row.previousStep.username, typed.username]]);
      await Promise.all([page.waitForNavigation({ timeout: SHOW_MS }), trustedClick(page, row.previousStep.submit)]);
      if (!page.url().includes(`/${row.page}`)) throw new Error(`the first step led to ${page.url()}, not ${row.page}`);
    }
    const where = await fieldsOf(page, row);
    const submit = await typeCredentials(where, row, item, typed);
    await submitWith(page, where, submit);
    if (row.prompt === 'none') {
      await expectNoPrompt(page);
      return;
    }
    const prompt: Frame = await waitForPrompt(page, row.prompt);
    if (row.prompt === 'save') expect(await promptValue(prompt, 'Username')).toBe(typed.username);
    await answerPrompt(page, prompt, 'dismiss');
  } finally {
    await closePage(page);
  }
}

function describeRows(kind: BrowserKind, selected: Row[]) {
  describe(`autofill data table in ${kind}`, () => {
    const run = useE2eRun({ timeLimitMs: 8 * 60_000 });
    let env: HubWithMail;
    let browser: AutofillBrowser;

    beforeAll(async () => {
      env = await startHubWithMail(run);
      run.step(`${kind}: sign in and create the vault`);
      const launcher = browserLauncher(run, kind);
      browser = await unlockedBrowser(env, launcher, {
        email: `e2e-autofill-${kind}-${randomBytes(5).toString('hex')}@example.com`,
        password: ACCOUNT_PASSWORD,
        master: MASTER,
      });
      run.diagnose(`${kind} fixture pages console`, () => browser.pageConsole.slice(-60).join('\n') || '(nothing logged)');
    });

    it.each(selected.map((entry) => [entry.row.name, entry] as const))('%s', async (_name, entry) => {
      const sites = await startFixtureSites();
      run.defer(`fixture sites for ${entry.row.name}`, () => sites.close());
      const item = await saveRowItem(browser, sites, entry);
      run.step(`${kind}: ${entry.row.name}: fill`);
      await checkFill(browser, sites, entry.row, item);
      run.step(`${kind}: ${entry.row.name}: prompt after submitting`);
      await checkPrompt(browser, sites, entry, item);
    });
  });
}

describeRows('chromium', rows);
describeRows('firefox', rows.filter(({ row }) => row.basic));
