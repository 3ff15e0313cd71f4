/** openMenuFrame: where the menu sits, and every way it goes away. */
import { MENU_SIZE, openMenuFrame } from './menu-frame.ts';

const SRC = 'chrome-extension://tessera-id/autofill-menu.html#token';
let hosts: Element[];
const immediately = (run: () => void) => run();

function field(rect: Partial<DOMRect> = {}): HTMLInputElement {
  document.body.innerHTML = '<input id="f"><button id="other">Other</button>';
  const input = document.getElementById('f') as HTMLInputElement;
  const box = { top: 100, bottom: 124, left: 40, right: 240, width: 200, height: 24, ...rect };
  input.getBoundingClientRect = () => box as DOMRect;
  input.focus();
  return input;
}

const px = (host: Element, property: string) => (host as HTMLElement).style.getPropertyValue(property);

describe('openMenuFrame', () => {
  beforeEach(() => {
    hosts = [];
    const attach = Element.prototype.attachShadow;
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
      hosts.push(this);
      return attach.call(this, init);
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const host of hosts) host.remove();
    document.body.innerHTML = '';
  });

  it('sits right below the field, fixed, on top of everything, with !important styles the page cannot override', () => {
    const menu = openMenuFrame(field(), SRC);
    const host = hosts[0] as HTMLElement;
    expect(host.isConnected).toBe(true);
    expect([px(host, 'top'), px(host, 'left'), px(host, 'width'), px(host, 'height')]).toEqual(['126px', '40px', `${MENU_SIZE.width}px`, `${MENU_SIZE.height}px`]);
    for (const property of ['position', 'z-index', 'top', 'display', 'opacity']) expect(host.style.getPropertyPriority(property), property).toBe('important');
    expect(host.style.getPropertyValue('position')).toBe('fixed');
    expect(host.style.getPropertyValue('z-index')).toBe('2147483647');
    expect(host.shadowRoot).toBeNull();
    menu.close();
  });

  it('opens above the field when there is no room below, and stays inside the viewport', () => {
    const bottom = window.innerHeight - 10;
    openMenuFrame(field({ top: bottom - 24, bottom, left: window.innerWidth - 50 }), SRC);
    expect(px(hosts[0]!, 'top')).toBe(`${bottom - 24 - 2 - MENU_SIZE.height}px`);
    expect(px(hosts[0]!, 'left')).toBe(`${window.innerWidth - MENU_SIZE.width}px`);
  });

  it('follows the field when the page scrolls', async () => {
    const input = field();
    openMenuFrame(input, SRC);
    input.getBoundingClientRect = () => ({ top: 20, bottom: 44, left: 40 }) as DOMRect;
    window.dispatchEvent(new Event('scroll'));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(px(hosts[0]!, 'top')).toBe('46px');
  });

  it('closes on Escape', () => {
    const onClose = vi.fn();
    openMenuFrame(field(), SRC, { onClose });
    document.getElementById('f')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(hosts[0]!.isConnected).toBe(false);
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('closes on a click elsewhere, not on a click in the field', () => {
    openMenuFrame(field(), SRC);
    document.getElementById('f')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    expect(hosts[0]!.isConnected).toBe(true);
    document.getElementById('other')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    expect(hosts[0]!.isConnected).toBe(false);
  });

  it('closes when the field loses focus to the page, not when it goes into the menu', () => {
    const input = field();
    openMenuFrame(input, SRC, { defer: immediately });
    const host = hosts[0] as HTMLElement;
    // Focus inside our iframe shows as the host in the page (closed shadow root).
    vi.spyOn(document, 'activeElement', 'get').mockReturnValue(host);
    input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(host.isConnected).toBe(true);
    vi.spyOn(document, 'activeElement', 'get').mockReturnValue(document.getElementById('other'));
    input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(host.isConnected).toBe(false);
  });

  it('closes when the field leaves the page or the page is hidden', async () => {
    const input = field();
    openMenuFrame(input, SRC);
    input.remove();
    window.dispatchEvent(new Event('resize'));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(hosts[0]!.isConnected).toBe(false);
    openMenuFrame(field(), SRC);
    window.dispatchEvent(new Event('pagehide'));
    expect(hosts[1]!.isConnected).toBe(false);
  });

  it('goes inside the popover that holds the field', () => {
    document.body.innerHTML = '<div id="pop" popover><input id="f"></div>';
    const input = document.getElementById('f') as HTMLInputElement;
    openMenuFrame(input, SRC);
    expect(document.getElementById('pop')!.contains(hosts[0]!)).toBe(true);
  });

  it('closing twice calls onClose once', () => {
    const onClose = vi.fn();
    const menu = openMenuFrame(field(), SRC, { onClose });
    menu.close();
    menu.close();
    expect(onClose).toHaveBeenCalledOnce();
  });
});
