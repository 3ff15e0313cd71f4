/** contentRuntime: only this extension's background may talk to the content script. */
import type { ToContent } from './protocol.ts';
import { contentRuntime, extensionApi } from './runtime.ts';
import { FROM_BACKGROUND, fakeExtensionApi } from './test-fakes.ts';

describe('contentRuntime', () => {
  it('answers a tessera.* message from this extension without a tab', async () => {
    const { api, deliver } = fakeExtensionApi();
    const handler = vi.fn(async (message: ToContent) => ({ echo: message.type }));
    contentRuntime(api).listen(handler);
    expect(await deliver({ type: 'tessera.closeMenu' }, FROM_BACKGROUND)).toEqual({ echo: 'tessera.closeMenu' });
  });

  it.each([
    ['a sender with a tab (a content script or our own iframe in a page)', { id: 'tessera-id', tab: { id: 3 } }],
    ['another extension', { id: 'other-id' }],
    ['no id at all', {}],
  ])('ignores messages from %s', async (_name, sender) => {
    const { api, deliver } = fakeExtensionApi();
    const handler = vi.fn();
    contentRuntime(api).listen(handler);
    expect(await deliver({ type: 'tessera.fill', target: 'best', password: 'pw' }, sender)).toBe('unanswered');
    expect(handler).not.toHaveBeenCalled();
  });

  it('ignores messages that are not ours', async () => {
    const { api, deliver } = fakeExtensionApi();
    const handler = vi.fn();
    contentRuntime(api).listen(handler);
    for (const message of [null, 'tessera.fill', { type: 'vault.unlock' }, { type: 7 }]) expect(await deliver(message, FROM_BACKGROUND)).toBe('unanswered');
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers undefined when the handler throws', async () => {
    const { api, deliver } = fakeExtensionApi();
    contentRuntime(api).listen(() => {
      throw new Error('boom');
    });
    expect(await deliver({ type: 'tessera.closeMenu' }, FROM_BACKGROUND)).toBeUndefined();
  });

  it('stops listening when unsubscribed', () => {
    const { api, listeners } = fakeExtensionApi();
    const stop = contentRuntime(api).listen(vi.fn());
    expect(listeners.size).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('asks the background and unwraps the result; null for an error, no answer or a dead context', async () => {
    const { api, sent } = fakeExtensionApi((message) =>
      message.type === 'autofill.openMenu' ? { ok: true, value: { token: 't' } } : { ok: false, error: { code: 'vault_locked' } },
    );
    const runtime = contentRuntime(api);
    expect(await runtime.ask('autofill.openMenu', { field: 'password', formKind: 'sign-in', opaqueOrigin: false })).toEqual({ token: 't' });
    expect(sent[0]).toEqual({ type: 'autofill.openMenu', payload: { field: 'password', formKind: 'sign-in', opaqueOrigin: false } });
    expect(await runtime.ask('autofill.pendingPrompt', {})).toBeNull();
    api.runtime.sendMessage = async () => undefined;
    expect(await runtime.ask('autofill.pendingPrompt', {})).toBeNull();
    api.runtime.sendMessage = () => {
      throw new Error('Extension context invalidated.');
    };
    expect(await runtime.ask('autofill.pendingPrompt', {})).toBeNull();
  });

  it("reaches closed shadow roots through chrome.dom, else Firefox's element property", () => {
    const { api } = fakeExtensionApi();
    const root = {} as ShadowRoot;
    const el = document.createElement('div');
    expect(contentRuntime({ ...api, dom: { openOrClosedShadowRoot: () => root } }).shadowRoot(el)).toBe(root);
    Object.defineProperty(el, 'openOrClosedShadowRoot', { value: root });
    expect(contentRuntime(api).shadowRoot(el)).toBe(root);
  });
});

describe('extensionApi', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is undefined outside an extension', () => {
    vi.stubGlobal('browser', undefined);
    vi.stubGlobal('chrome', undefined);
    expect(extensionApi()).toBeUndefined();
  });

  it("prefers Firefox's browser and falls back to chrome", () => {
    const chrome = { runtime: { id: 'c' } };
    const browser = { runtime: { id: 'b' } };
    vi.stubGlobal('chrome', chrome);
    vi.stubGlobal('browser', undefined);
    expect(extensionApi()).toBe(chrome);
    vi.stubGlobal('browser', browser);
    expect(extensionApi()).toBe(browser);
  });
});
