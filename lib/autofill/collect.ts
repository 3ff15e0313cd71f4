/**
 * Content-safe (architecture.md §8). Gathers the inputs of a document, shadow root or subtree —
 * including every shadow root below it that we can reach (open ones; closed ones too where the
 * browser lets an extension, see `reachShadowRoots` in dom.ts), recursively — and groups them into
 * logical forms.
 *
 * Cost: one `querySelectorAll('input')` per root plus one TreeWalker pass over the elements to find
 * shadow hosts (there is no selector for "has a shadow root", and hosts need not be custom elements).
 * The walk only reads each element's shadow root; see the benchmark numbers in the PR/report. Iframes are not
 * entered: the content script runs in every frame and each frame scans its own document.
 */
import { classifyField, isTextLike, type FieldKind } from './field-kinds.ts';
import { holds, isDocument, isElement, isTag, parentOf, shadowRootOf } from './dom.ts';
import { isFillable, type LayoutView } from './visibility.ts';

export type ScanRoot = Document | ShadowRoot | Element;

export interface Field {
  input: HTMLInputElement;
  kind: FieldKind;
}

export interface FieldGroup {
  /** The `<form>`, or for form-less fields the nearest element holding the whole group. */
  container: Element;
  fields: Field[];
}

/** Reachable shadow roots at or below `root`, depth first (nested roots after their host's root). */
export function shadowRootsIn(root: ScanRoot, out: ShadowRoot[] = []): ShadowRoot[] {
  const own = isElement(root) ? shadowRootOf(root) : null;
  if (own) {
    out.push(own);
    shadowRootsIn(own, out);
  }
  const doc = isDocument(root) ? root : root.ownerDocument;
  if (!doc) return out;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const shadow = shadowRootOf(node as Element);
    if (shadow) {
      out.push(shadow);
      shadowRootsIn(shadow, out);
    }
  }
  return out;
}

/** Every `<input>` in `root` and in the open shadow roots below it, each root in document order. */
export function collectInputs(root: ScanRoot): HTMLInputElement[] {
  const inputs: HTMLInputElement[] = [];
  if (isTag(root, 'input')) inputs.push(root);
  for (const scope of [root, ...shadowRootsIn(root)]) inputs.push(...Array.from(scope.querySelectorAll('input')));
  return inputs;
}

/** Fields worth a look: fillable, and either a sign-in kind or a plain text field (a username by position). */
export function candidateFields(inputs: HTMLInputElement[], view?: LayoutView): Field[] {
  const fields: Field[] = [];
  for (const input of inputs) {
    const kind = classifyField(input);
    if (kind === 'search' || (kind === 'other' && !isTextLike(input))) continue;
    if (isFillable(input, view)) fields.push({ input, kind });
  }
  return fields;
}

/** How far up from a form-less field we look for the element it shares with its neighbours. */
const MAX_LEVELS = 5;

function sharedAncestor(a: Element, b: Element): Element | undefined {
  let el: Element | null = b;
  for (let level = 0; el && level <= MAX_LEVELS; level++, el = parentOf(el)) if (holds(el, a)) return el;
  return undefined;
}

/**
 * Groups by form owner (`input.form`, which honours the `form=` attribute). Form-less fields join
 * the previous form-less group of the same root when both sit within MAX_LEVELS of a common
 * ancestor and the group is not already a complete sign-in (a second username starts a new one).
 */
export function groupFields(fields: Field[]): FieldGroup[] {
  const byForm = new Map<Element, FieldGroup>();
  const groups: FieldGroup[] = [];
  let loose: FieldGroup | undefined;
  for (const field of fields) {
    const form = field.input.form;
    if (form) {
      let group = byForm.get(form);
      if (!group) {
        group = { container: form, fields: [] };
        byForm.set(form, group);
        groups.push(group);
      }
      group.fields.push(field);
      continue;
    }
    const last = loose?.fields.at(-1)?.input;
    const shared = last && last.getRootNode() === field.input.getRootNode() ? sharedAncestor(last, field.input) : undefined;
    const complete = loose?.fields.some((f) => f.kind === 'username') && loose.fields.some((f) => f.kind.startsWith('password'));
    if (loose && shared && !(complete && field.kind === 'username')) {
      let common: Element | null = shared;
      while (common && !holds(common, loose.container)) common = parentOf(common);
      loose.container = common ?? shared;
      loose.fields.push(field);
    } else {
      loose = { container: parentOf(field.input) ?? field.input, fields: [field] };
      groups.push(loose);
    }
  }
  return groups;
}
