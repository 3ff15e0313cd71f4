import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sendMessage } from './send-message.ts';

describe('sendMessage', () => {
  it('sends type and payload and returns the background’s answer when it answers', async () => {
    const received: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: unknown) => void) => {
      received.push(message);
      sendResponse({ ok: true, value: { sent: true } });
      return true;
    });
    expect(await sendMessage('account.resendActivation', {})).toEqual({ ok: true, value: { sent: true } });
    expect(received).toEqual([{ type: 'account.resendActivation', payload: {} }]);
  });

  it('returns internal_error when no listener answers', async () => {
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
    expect(await sendMessage('session.status', {})).toEqual({ ok: false, error: { code: 'internal_error' } });
  });

  it('returns internal_error when the background is not there', async () => {
    expect(await sendMessage('session.status', {})).toEqual({ ok: false, error: { code: 'internal_error' } });
  });
});
