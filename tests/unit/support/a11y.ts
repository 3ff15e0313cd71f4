/**
 * "Every control has an accessible name" (house style), checked the way screen readers and the
 * tests find controls: by label (label element, aria-label, aria-labelledby) or, for buttons, by role.
 */
import { queryAllByLabelText, queryAllByRole } from '@testing-library/preact';

/** The HTML of every input, select, textarea or button in `container` that has no accessible name. */
export function controlsWithoutName(container: Element): string[] {
  const named = new Set<Element>([...queryAllByLabelText(container as HTMLElement, /\S/), ...queryAllByRole(container as HTMLElement, 'button', { name: /\S/ })]);
  return [...container.querySelectorAll('input, select, textarea, button')].filter((control) => !named.has(control)).map((control) => control.outerHTML);
}
