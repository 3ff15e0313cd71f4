/**
 * The vault as entrypoints/background.ts wires it: every `vault.*` message is answered through the
 * router, and the idle alarm reaches the vault.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background.ts';
import { IDLE_LOCK_ALARM } from '../../lib/vault/idle-lock.ts';

const popupPage: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const ITEM_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

async function deliver(message: unknown): Promise<unknown> {
  const answers: unknown[] = await fakeBrowser.runtime.onMessage.trigger(message, popupPage, () => undefined);
  return (await Promise.all(answers))[0];
}

beforeEach(() => {
  void background.main();
});

describe('background vault wiring', () => {
  it('answers vault.status as signed out when nobody signed in', async () => {
    expect(await deliver({ type: 'vault.status', payload: {} })).toEqual({ ok: true, value: { state: 'signed_out', lockTimeout: 15 } });
  });

  it.each([
    ['vault.list', {}],
    ['vault.get', { id: ITEM_ID }],
    ['vault.create', { content: { kind: 'note', title: 'N', notes: '', fields: [], login: null }, favourite: false }],
    ['vault.trash', { id: ITEM_ID }],
    ['vault.emptyTrash', {}],
    ['vault.import', { items: [] }],
    ['vault.totpCode', { id: ITEM_ID }],
  ])('answers %s with vault_locked when nothing is unlocked', async (type, payload) => {
    expect(await deliver({ type, payload })).toEqual({ ok: false, error: { code: 'vault_locked' } });
  });

  it('answers vault.unlock with unauthorized when nobody signed in', async () => {
    expect(await deliver({ type: 'vault.unlock', payload: { masterPassword: 'correct horse battery staple' } })).toEqual({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('handles the idle-lock alarm while locked without failing', async () => {
    expect(() => fakeBrowser.alarms.onAlarm.trigger({ name: IDLE_LOCK_ALARM, scheduledTime: Date.now() } as Browser.alarms.Alarm)).not.toThrow();
    expect(await deliver({ type: 'vault.status', payload: {} })).toMatchObject({ ok: true });
  });
});
