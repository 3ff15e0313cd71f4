/**
 * Self-test of the end-to-end harness, in Chromium and Firefox ESR: the browsers start with the built
 * extension and open its popup, extension storage survives a restart on the same profile, the
 * accessible-name helpers find controls, and the real hub sends its mail to the SMTP capture and
 * keeps its data across a restart.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { byRole, click, fill, isChecked, queryRole, select, textOf, waitForText } from './support/aria.ts';
import type { BrowserKind } from './support/browsers.ts';
import { useE2eRun } from './support/e2e-run.ts';
import { browserLauncher, type HubWithMail, startHubWithMail } from './support/environment.ts';
import { openTab } from './support/extension-pages.ts';
import { createAccountOverHttp, signInOverHttp } from './support/hub-api.ts';
import type { PageElement, PageGlobals } from './support/page-globals.ts';
import { serveHtml, type StaticSite } from './support/static-site.ts';

const FORM_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>aria self-test</title></head><body>
<h1>Sign In to My Tessera</h1>
<label for="email">Email address</label><input id="email" type="email">
<label>Password <input type="password"></label>
<span id="server-label">Server address</span><input aria-labelledby="server-label">
<select aria-label="Region"><option value="us">United States</option><option value="de">Germany</option></select>
<label><input type="checkbox"> I agree to the terms</label>
<button type="button" id="save">Save</button><button type="button" title="Settings"><span aria-hidden="true">⚙</span></button>
<p role="status" id="status"></p>
<ul aria-label="Connected devices"><li>Firefox on Linux — This device</li></ul>
<script>
document.getElementById('save').addEventListener('click', () => {
  const email = document.getElementById('email').value;
  const region = document.querySelector('select').value;
  document.getElementById('status').textContent = 'Saved ' + email + ' in ' + region;
});
</script></body></html>`;

const uniqueEmail = () => `e2e-harness-${randomBytes(5).toString('hex')}@example.com`;

describe('e2e harness', () => {
  const run = useE2eRun({ timeLimitMs: 4 * 60_000 });
  let env: HubWithMail;
  let site: StaticSite;

  beforeAll(async () => {
    env = await startHubWithMail(run);
    site = await serveHtml({ '/form': FORM_PAGE });
    run.defer('static site', () => site.close());
  });

  it('delivers the hub activation mail over SMTP to the capture server', async () => {
    const email = uniqueEmail();
    await createAccountOverHttp(env.hub.url, { email, password: 'Tessera-e2e-42x', region: 'de' });
    const mail = await env.mail.waitForMail({ to: email });
    expect(mail.subject).toBe('Aktivieren Sie Ihr My-Tessera-Konto');
    expect(mail.links.some((link) => link.startsWith(`${env.hub.url}/activate?token=`))).toBe(true);
  });

  it('restarts the hub on the same port with the same database', async () => {
    const email = uniqueEmail();
    await createAccountOverHttp(env.hub.url, { email, password: 'Tessera-e2e-42x', region: 'us' });
    await env.hub.stop();
    await env.hub.start();
    const session = await signInOverHttp(env.hub.url, { email, password: 'Tessera-e2e-42x' });
    expect(session.accessToken).toBeTruthy();
  });

  describe.each<BrowserKind>(['chromium', 'firefox'])('in %s', (kind) => {
    it('finds controls by accessible name, opens the popup, keeps extension storage across a restart', async () => {
      const launcher = browserLauncher(run, kind);
      run.step(`${kind}: launch`);
      const first = await launcher.launch();

      run.step(`${kind}: aria helpers on a web page`);
      const page = await openTab(first, `${site.url}/form`);
      await byRole(page, 'heading', 'Sign In to My Tessera');
      await fill(page, 'Email address', 'someone@example.com');
      await fill(page, 'Email address', 'me@example.com'); // replaces, does not append
      await fill(page, 'Password', 'secret'); // a password field has no ARIA role in Firefox
      await fill(page, 'Server address', 'http://127.0.0.1:1234');
      await select(page, 'Region', 'de');
      expect(await isChecked(page, 'I agree to the terms')).toBe(false);
      await click(page, 'I agree to the terms', 'checkbox');
      expect(await isChecked(page, 'I agree to the terms')).toBe(true);
      await click(page, 'Save');
      await waitForText(page, 'Saved me@example.com in de');
      expect(await textOf(page, 'status')).toBe('Saved me@example.com in de');
      await byRole(page, 'button', 'Settings'); // named by its title
      expect(await textOf(page, 'list', 'Connected devices')).toContain('This device');
      expect(await queryRole(page, 'button', 'Sign Out')).toBeNull();

      run.step(`${kind}: popup and extension storage`);
      const popup = await launcher.popup(first);
      expect(await popup.evaluate(() => (globalThis as unknown as PageGlobals).location.pathname)).toBe('/popup.html');
      const marker = randomBytes(6).toString('hex');
      await popup.evaluate(async (value) => {
        const { browser, chrome } = globalThis as unknown as PageGlobals;
        await (browser ?? chrome)?.storage.local.set({ e2eMarker: value });
      }, marker);
      if (kind === 'chromium') {
        const worker = await first.backgroundWorker();
        expect(await worker.evaluate(() => (globalThis as unknown as PageGlobals).chrome?.runtime.id)).toBe(
          new URL(first.extensionOrigin).host,
        );
      }
      await first.close();

      run.step(`${kind}: relaunch on the same profile`);
      const second = await launcher.launch();
      const again = await launcher.popup(second);
      const stored = await again.evaluate(async () => {
        const { browser, chrome } = globalThis as unknown as PageGlobals;
        return (await (browser ?? chrome)?.storage.local.get('e2eMarker'))?.e2eMarker;
      });
      expect(stored).toBe(marker);

      run.step(`${kind}: activation link from the captured mail`);
      const email = uniqueEmail();
      await createAccountOverHttp(env.hub.url, { email, password: 'Tessera-e2e-42x', region: 'fr' });
      const mail = await env.mail.waitForMail({ to: email });
      expect(mail.subject).toBe('Activez votre compte My Tessera');
      const link = mail.links.find((candidate) => candidate.startsWith(`${env.hub.url}/activate?token=`));
      expect(link).toBeDefined();
      const activation = await openTab(second, link!);
      expect(await activation.$eval('h1', (h1) => (h1 as unknown as PageElement).dataset.outcome)).toBe('success');
      await second.close();
    });
  });
});
