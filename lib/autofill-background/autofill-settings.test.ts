/** The autofill settings (autofill-settings.ts over vaultMeta 'autofill') and when they are wiped. */
import { beforeEach, describe, expect, it } from 'vitest';
import { contentSender, createHarness, type Harness, pageSender } from './test-support/harness.ts';

const popup = pageSender(null, '/popup.html');
let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});

async function neverFor(url: string) {
  const origin = new URL(url).origin;
  await h.content('autofill.submitted', { formKind: 'sign-in', username: 'me', password: 'secret', newPassword: null, opaqueOrigin: false }, contentSender({ url, origin }));
  const shown = h.sent.filter((entry) => entry.message.type === 'tessera.showPrompt').at(-1)!.message;
  if (shown.type !== 'tessera.showPrompt') throw new Error('no prompt');
  return h.page('autofillPrompt.never', { token: shown.token }, pageSender(1, '/save-prompt.html'));
}

describe('autofill settings', () => {
  it('start with fill on page load off and no never-sites', async () => {
    expect(await h.page('autofill.settings', {}, popup)).toEqual({ fillOnLoad: false, neverSites: [] });
  });

  it('turn fill on page load on and off, and keep it over a restart', async () => {
    expect(await h.page('autofill.setFillOnLoad', { enabled: true }, popup)).toEqual({ fillOnLoad: true, neverSites: [] });
    h.restart();
    expect((await h.page('autofill.settings', {}, popup)).fillOnLoad).toBe(true);
    expect((await h.page('autofill.setFillOnLoad', { enabled: false }, popup)).fillOnLoad).toBe(false);
  });

  it('list a site once “Never for this site” was chosen (its registrable domain), and forget it again', async () => {
    await neverFor('https://login.shop.example/signin');
    await neverFor('http://127.0.0.1:8080/login');
    expect((await h.page('autofill.settings', {}, popup)).neverSites).toEqual(['shop.example', '127.0.0.1']);
    expect((await h.page('autofill.forgetNeverSite', { site: 'Shop.example' }, popup)).neverSites).toEqual(['127.0.0.1']);
  });

  it('are wiped with the vault on sign-out, while the lock timeout stays', async () => {
    await h.device.handlers['vault.setLockTimeout']({ timeout: 60 });
    await h.page('autofill.setFillOnLoad', { enabled: true }, popup);
    await neverFor('https://shop.example/login');
    await h.device.vault.onSignedOut();
    expect(await h.page('autofill.settings', {}, popup)).toEqual({ fillOnLoad: false, neverSites: [] });
    expect((await h.device.handlers['vault.status']({})).lockTimeout).toBe(60);
  });

  it('ignore a stored record of the wrong shape', async () => {
    const database = await h.device.database();
    await database.put('vaultMeta', { fillOnLoad: 'yes', neverSites: [1] } as never, 'autofill' as never);
    expect(await h.page('autofill.settings', {}, popup)).toEqual({ fillOnLoad: false, neverSites: [] });
  });
});
