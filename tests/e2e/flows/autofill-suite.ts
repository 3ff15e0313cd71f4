/**
 * The set-up every autofill end-to-end file but the data table shares: one run with a time limit, a
 * hub with mail, one Chromium signed in with an unlocked vault, and fixture sites per test (each on
 * their own two ports, closed with the run).
 */
import { randomBytes } from 'node:crypto';
import { beforeAll } from 'vitest';
import { useE2eRun } from '../support/e2e-run.ts';
import { browserLauncher, startHubWithMail } from '../support/environment.ts';
import { type FixtureSites, startFixtureSites } from '../support/fixture-sites.ts';
import { type AutofillBrowser, unlockedBrowser } from './autofill-steps.ts';

export const AUTOFILL_MASTER = 'correct horse battery staple 42';

export function autofillSuite(name: string) {
  const run = useE2eRun({ timeLimitMs: 6 * 60_000 });
  let browser: AutofillBrowser | undefined;

  beforeAll(async () => {
    const env = await startHubWithMail(run);
    browser = await unlockedBrowser(env, browserLauncher(run, 'chromium'), {
      email: `e2e-autofill-${name}-${randomBytes(5).toString('hex')}@example.com`,
      password: 'Tessera-e2e-42x',
      master: AUTOFILL_MASTER,
    });
    run.diagnose('fixture pages console', () => browser?.pageConsole.slice(-60).join('\n') || '(nothing logged)');
  });

  return {
    run,
    get browser(): AutofillBrowser {
      if (!browser) throw new Error('the autofill browser is not ready (beforeAll failed)');
      return browser;
    },
    async freshSites(): Promise<FixtureSites> {
      const sites = await startFixtureSites();
      run.defer('fixture sites', () => sites.close());
      return sites;
    },
  };
}
