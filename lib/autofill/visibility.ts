/**
 * Content-safe (architecture.md §8). Keeps the safety rule "nothing is filled into invisible,
 * zero-size, off-screen or transparent fields": honeypots and decoys are never fillable.
 * Layout comes through a `LayoutView` so tests in happy-dom (no layout engine) can supply boxes.
 */
import { isTag, parentOf } from './dom.ts';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

type StyleLike = Pick<CSSStyleDeclaration, 'display' | 'visibility' | 'opacity' | 'clip' | 'clipPath'>;

export interface LayoutView {
  /** The element's border box in viewport coordinates (getBoundingClientRect). */
  box(el: Element): Box;
  /** The document's scrollable area and the current scroll offset, in CSS pixels. */
  page(doc: Document): { width: number; height: number; scrollX: number; scrollY: number };
  style(el: Element): StyleLike;
}

export function browserLayout(): LayoutView {
  return {
    box: (el) => el.getBoundingClientRect(),
    page: (doc) => {
      const root = doc.documentElement;
      const win = doc.defaultView;
      return { width: root.scrollWidth, height: root.scrollHeight, scrollX: win?.scrollX ?? 0, scrollY: win?.scrollY ?? 0 };
    },
    style: (el) => (el.ownerDocument.defaultView ?? window).getComputedStyle(el),
  };
}

const NOT_FILLABLE_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'checkbox', 'radio', 'file', 'range', 'color']);
const HONEYPOT_HINT = /honey|leave.?(this.?)?(blank|empty)|do.?not.?fill|don.?t.?fill|bot.?trap|spam.?trap|nicht.?ausfüllen|ne.?pas.?remplir/i;
/** Below this many CSS pixels a field is a 1px "sr-only" decoy, not something a person types into. */
const MIN_SIDE = 4;

const clippedAway = (style: StyleLike) =>
  /rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)/.test(style.clip ?? '') ||
  /inset\(\s*(50|100)%|circle\(\s*0|polygon\(\s*0(px)?\s+0(px)?\s*\)/.test(style.clipPath ?? '');

function hiddenByStyleOrMarkup(input: HTMLInputElement, view: LayoutView): boolean {
  const own = view.style(input);
  if (own.visibility === 'hidden' || own.visibility === 'collapse') return true;
  let opacity = 1;
  for (let el: Element | null = input; el; el = parentOf(el)) {
    if (el.hasAttribute('hidden') || el.hasAttribute('inert') || el.getAttribute('aria-hidden') === 'true') return true;
    if (isTag(el, 'dialog') && !el.open) return true;
    const style = view.style(el);
    // Also closed popovers and dialogs: the UA stylesheet gives them display: none.
    if (style.display === 'none') return true;
    opacity *= Number.parseFloat(style.opacity || '1');
    if (opacity < 0.1 || clippedAway(style)) return true;
  }
  return false;
}

function offScreen(box: Box, page: ReturnType<LayoutView['page']>): boolean {
  const left = box.left + page.scrollX;
  const top = box.top + page.scrollY;
  // Entirely outside the area one can scroll to: left/top of the origin or past the far edges.
  return left + box.width <= 0 || top + box.height <= 0 || left >= page.width || top >= page.height;
}

/** Whether a person could see and type into this input, so the extension may fill it. */
export function isFillable(input: HTMLInputElement, view: LayoutView = browserLayout()): boolean {
  if (input.disabled || input.readOnly || NOT_FILLABLE_TYPES.has(input.type.toLowerCase())) return false;
  if (HONEYPOT_HINT.test(`${input.name} ${input.id} ${input.className}`)) return false;
  const box = view.box(input);
  if (box.width < MIN_SIDE || box.height < MIN_SIDE) return false;
  if (offScreen(box, view.page(input.ownerDocument))) return false;
  return !hiddenByStyleOrMarkup(input, view);
}
