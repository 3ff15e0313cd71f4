/**
 * Sync and device messages as entrypoints/background.ts wires them: answered through the router,
 * `off` while signed out, device actions refused without a session, the poll alarm harmless.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background.ts';
import { SYNC_POLL_ALARM } from '../../lib/sync/sync.ts';

const popupPage: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const DEVICE_ID = '6f1c1f52-3c52-4d8a-9a59-4b1a1c1e2d3f';

async function deliver(message: unknown): Promise<unknown> {
  const answers: unknown[] = await fakeBrowser.runtime.onMessage.trigger(message, popupPage, () => undefined);
  return (await Promise.all(answers))[0];
}

beforeEach(() => {
  void background.main();
});

describe('background sync wiring', () => {
  it.each(['sync.status', 'sync.now'])('answers %s as off with nothing waiting when nobody signed in', async (type) => {
    expect(await deliver({ type, payload: {} })).toEqual({
      ok: true,
      value: { state: 'off', pending: 0, lastSyncedAt: null, error: null, progress: null, generation: 0 },
    });
  });

  it.each([
    ['devices.rename', { id: DEVICE_ID, name: 'Laptop' }],
    ['devices.signOut', { id: DEVICE_ID }],
  ])('answers %s with unauthorized when nobody signed in', async (type, payload) => {
    expect(await deliver({ type, payload })).toEqual({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses a device message whose id is not a device id', async () => {
    expect(await deliver({ type: 'devices.signOut', payload: { id: 'not-a-uuid' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('clears the poll alarm when it fires while signed out', async () => {
    await fakeBrowser.alarms.create(SYNC_POLL_ALARM, { periodInMinutes: 1 });
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_POLL_ALARM, scheduledTime: Date.now() } as Browser.alarms.Alarm);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await fakeBrowser.alarms.get(SYNC_POLL_ALARM)).toBeUndefined();
  });
});
