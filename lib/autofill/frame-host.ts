/**
 * Content-safe. The in-page holder of an extension iframe (menu or save prompt), built so the page
 * can neither read the iframe's address (it carries the token) nor restyle it away: the iframe sits
 * in a CLOSED shadow root of a plain element whose styles are inline and `!important`, written
 * through the CSSOM (a page CSP without 'unsafe-inline' blocks style attributes, not CSSOM writes).
 */
export interface FrameHost {
  host: HTMLElement;
  frame: HTMLIFrameElement;
  /** Sets `!important` pixel lengths on the host (size, position). */
  style(lengths: Record<string, number>): void;
}

/** `all: initial` first: every property the page could set on a div starts from its initial value. */
const important = (css: string) => css.replace(/;/g, '!important;');
const HOST_CSS = important(
  'all:initial;display:block;position:fixed;z-index:2147483647;overflow:hidden;visibility:visible;opacity:1;transform:none;filter:none;clip-path:none;pointer-events:auto;',
);
const FRAME_CSS = important('all:initial;display:block;width:100%;height:100%;border:0;');

export function createFrameHost(doc: Document, src: string, size: { width: number; height: number }): FrameHost {
  // A plain <div>, not a custom element: a page could define that name first and run its own code.
  const host = doc.createElement('div');
  host.style.cssText = HOST_CSS;
  const style = (lengths: Record<string, number>) => {
    for (const [property, value] of Object.entries(lengths)) host.style.setProperty(property, `${value}px`, 'important');
  };
  style(size);
  const frame = doc.createElement('iframe');
  frame.style.cssText = FRAME_CSS;
  frame.title = 'Tessera';
  frame.src = src;
  host.attachShadow({ mode: 'closed' }).append(frame);
  return { host, frame, style };
}
