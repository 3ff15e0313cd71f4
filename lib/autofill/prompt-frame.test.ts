/** showPromptFrame: the save prompt's place and its removal. */
import { PROMPT_SIZE, showPromptFrame } from './prompt-frame.ts';

describe('showPromptFrame', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sits fixed at the top right, sized for the prompt, and goes away on close', () => {
    const hosts: HTMLElement[] = [];
    const attach = Element.prototype.attachShadow;
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
      hosts.push(this as HTMLElement);
      return attach.call(this, init);
    });
    const prompt = showPromptFrame(document, 'chrome-extension://tessera-id/save-prompt.html#token');
    const host = hosts[0]!;
    expect(host.parentElement).toBe(document.documentElement);
    expect(['position', 'top', 'right', 'width', 'height'].map((p) => host.style.getPropertyValue(p))).toEqual([
      'fixed',
      '8px',
      '8px',
      `${PROMPT_SIZE.width}px`,
      `${PROMPT_SIZE.height}px`,
    ]);
    prompt.close();
    expect(host.isConnected).toBe(false);
  });
});
