/**
 * Content-safe (architecture.md §8). Puts values into a sign-in form and keeps two rules: a stored
 * password only ever goes into the form's current-password field (never a new-password field), and
 * nothing goes into a field a person could not see — every target is re-checked with isFillable
 * right before it is written, because the page may have hidden or swapped it since the scan.
 */
import type { SignInForm } from './find-sign-in.ts';
import { isFillable, type LayoutView } from './visibility.ts';

export interface FillValues {
  username?: string;
  password?: string;
  otp?: string;
  newPassword?: string;
}

let nativeSetter: ((this: HTMLInputElement, value: string) => void) | undefined;

/**
 * Writes the value through HTMLInputElement.prototype's own setter, then fires `input` and `change`.
 * Frameworks (React's value tracker, Preact, Vue) install a `value` property on the instance and
 * ignore an input event whose value they saw being set; the prototype setter bypasses that. In the
 * content script's isolated world the page's own overrides are invisible anyway — this also keeps
 * the rule where they are not (tests, same-world callers).
 */
export function setFieldValue(input: HTMLInputElement, value: string): void {
  nativeSetter ??= Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  nativeSetter.call(input, value);
  for (const type of ['input', 'change']) input.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
}

const usable = (input: HTMLInputElement | undefined, view?: LayoutView): input is HTMLInputElement => !!input && input.isConnected && isFillable(input, view);

/** A code over one field or split boxes: each box takes its maxlength (one character when unset). */
export function fillOtp(boxes: HTMLInputElement[], code: string, view?: LayoutView): boolean {
  // All or nothing: a box that went invisible would shift every following digit.
  if (!code || !boxes.length || !boxes.every((box) => usable(box, view))) return false;
  if (boxes.length === 1) {
    const [box] = boxes as [HTMLInputElement];
    setFieldValue(box, box.maxLength > 0 ? code.slice(0, box.maxLength) : code);
    return true;
  }
  let rest = code;
  boxes.forEach((box, index) => {
    const size = box.maxLength > 0 ? box.maxLength : Math.max(1, Math.ceil(rest.length / (boxes.length - index)));
    setFieldValue(box, rest.slice(0, size));
    rest = rest.slice(size);
  });
  return true;
}

/** Fills what `values` holds into the fields of `form` that may take it. True when anything was written. */
export function fillForm(form: SignInForm, values: FillValues, view?: LayoutView): boolean {
  let filled = false;
  if (values.username !== undefined && usable(form.username, view)) {
    setFieldValue(form.username, values.username);
    filled = true;
  }
  if (values.password !== undefined && usable(form.password, view)) {
    setFieldValue(form.password, values.password);
    filled = true;
  }
  if (values.newPassword !== undefined) {
    for (const field of form.newPasswords.filter((input) => usable(input, view))) {
      setFieldValue(field, values.newPassword);
      filled = true;
    }
  }
  if (values.otp !== undefined && fillOtp(form.otp, values.otp, view)) filled = true;
  return filled;
}
