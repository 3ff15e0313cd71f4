/** isFillable: the safety rule "no fill into invisible, zero-size, off-screen or transparent fields". */
import { fakeLayout } from '../../tests/fixtures/autofill/load.ts';
import { isFillable, type Box, type LayoutView } from './visibility.ts';

function field(html: string): HTMLInputElement {
  document.body.innerHTML = html;
  return document.getElementById('f') as HTMLInputElement;
}

const withBox = (box: Box, page = { width: 1280, height: 2000, scrollX: 0, scrollY: 0 }): LayoutView => ({
  ...fakeLayout(page),
  box: () => box,
});
const normal: Box = { left: 20, top: 20, width: 200, height: 24 };

describe('isFillable', () => {
  it('accepts a plain visible text field', () => {
    expect(isFillable(field('<input id="f">'), withBox(normal))).toBe(true);
  });

  it.each([
    ['disabled', '<input id="f" disabled>'],
    ['read-only', '<input id="f" readonly>'],
    ['type hidden', '<input id="f" type="hidden">'],
    ['display none on an ancestor', '<div style="display:none"><div><input id="f"></div></div>'],
    ['visibility hidden', '<div style="visibility:hidden"><input id="f"></div>'],
    ['opacity 0 on an ancestor', '<section style="opacity:0"><div><input id="f"></div></section>'],
    ['opacity multiplied below 0.1', '<div style="opacity:0.2"><div style="opacity:0.3"><input id="f"></div></div>'],
    ['hidden attribute', '<div hidden><input id="f"></div>'],
    ['aria-hidden ancestor', '<div aria-hidden="true"><input id="f" tabindex="-1"></div>'],
    ['inert ancestor', '<div inert><input id="f"></div>'],
    ['closed dialog', '<dialog><input id="f"></dialog>'],
    ['clip-path inset(50%)', '<input id="f" style="clip-path:inset(50%)">'],
    ['honeypot name', '<input id="f" name="honeypot_email">'],
  ])('rejects a field when %s', (_why, html) => {
    expect(isFillable(field(html), withBox(normal))).toBe(false);
  });

  it('rejects an sr-only field clipped with clip: rect(0 0 0 0), even at a usable size', () => {
    // happy-dom does not compute `clip`; inject the computed style a browser reports.
    const input = field('<input id="f" class="sr-only">');
    const view: LayoutView = {
      ...withBox(normal),
      style: (el) => (el === input ? { display: 'inline-block', visibility: 'visible', opacity: '1', clip: 'rect(0px, 0px, 0px, 0px)', clipPath: 'none' } : getComputedStyle(el)),
    };
    expect(isFillable(input, view)).toBe(false);
  });

  it.each([
    ['zero size', { left: 20, top: 20, width: 0, height: 0 }],
    ['1px sr-only size', { left: 20, top: 20, width: 1, height: 1 }],
    ['left of the page (left: -9999px)', { left: -9999, top: 20, width: 200, height: 24 }],
    ['above the page', { left: 20, top: -500, width: 200, height: 24 }],
    ['past the right edge of the scrollable area', { left: 5000, top: 20, width: 200, height: 24 }],
    ['below the scrollable area', { left: 20, top: 9000, width: 200, height: 24 }],
  ])('rejects a field with %s', (_why, box) => {
    expect(isFillable(field('<input id="f">'), withBox(box))).toBe(false);
  });

  it('accepts a field below the fold or scrolled past, inside the scrollable area', () => {
    expect(isFillable(field('<input id="f">'), withBox({ left: 20, top: 1500, width: 200, height: 24 }))).toBe(true);
    const scrolled = withBox({ left: 20, top: -300, width: 200, height: 24 }, { width: 1280, height: 2000, scrollX: 0, scrollY: 600 });
    expect(isFillable(field('<input id="f">'), scrolled)).toBe(true);
  });

  it('walks out of shadow roots to the host for ancestor styles', () => {
    document.body.innerHTML = '<div id="host" style="opacity:0"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<input id="f">';
    expect(isFillable(shadow.getElementById('f') as HTMLInputElement, withBox(normal))).toBe(false);
  });
});
