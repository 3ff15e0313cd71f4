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
import { classifyField, isTextLike, withLabelCache, type FieldKind } from './field-kinds.ts';
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

/** Shadow roots found per scan root, kept for one scan only (see `withScanCache`). */
let rootsCache: WeakMap<ScanRoot, ShadowRoot[]> | null = null;

/**
 * Runs one scan with its caches: label maps and hint words (field-kinds.ts) and the shadow roots
 * under each scan root, so a scan walks the tree once, not once per question it asks.
 */
export function withScanCache<T>(scan: () => T): T {
  const outer = rootsCache;
  rootsCache ??= new WeakMap();
  try {
    return withLabelCache(scan);
  } finally {
    rootsCache = outer;
  }
}

/** Reachable shadow roots at or below `root`, depth first (nested roots after their host's root). */
export function shadowRootsIn(root: ScanRoot): ShadowRoot[] {
  let found = rootsCache?.get(root);
  if (!found) {
    const walk = shadowRootWalk(root, Infinity);
    walk.step();
    found = walk.roots;
    rootsCache?.set(root, found);
  }
  return found;
}

/** Inside `withScanCache`: the shadow roots under `root` are already known (a sliced walk found them). */
export function seedShadowRoots(root: ScanRoot, roots: ShadowRoot[]): void {
  rootsCache?.set(root, roots);
}

/**
 * The walk behind `shadowRootsIn`, resumable: each `step()` visits at most `sliceNodes` elements
 * (and the whole tree of any shadow root found) and says whether the walk is done. The watcher runs
 * it in slices so a 50,000-element page never holds the main thread for one long task.
 */
export function shadowRootWalk(root: ScanRoot, sliceNodes: number): { roots: ShadowRoot[]; step(): boolean } {
  const roots: ShadowRoot[] = [];
  const found = (shadow: ShadowRoot | null) => {
    if (!shadow) return;
    roots.push(shadow);
    const inner = shadowRootWalk(shadow, Infinity);
    inner.step();
    roots.push(...inner.roots);
  };
  if (isElement(root)) found(shadowRootOf(root));
  const doc = isDocument(root) ? root : root.ownerDocument;
  const walker = doc?.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  return {
    roots,
    step() {
      for (let visited = 0; visited < sliceNodes; visited++) {
        const node = walker?.nextNode();
        if (!node) return true;
        found(shadowRootOf(node as Element));
      }
      return false;
    },
  };
}

/** Every `<input>` in `root` and in the open shadow roots below it, each root in document order. */
export function collectInputs(root: ScanRoot): HTMLInputElement[] {
  const inputs: HTMLInputElement[] = [];
  if (isTag(root, 'input')) inputs.push(root);
  for (const scope of [root, ...shadowRootsIn(root)]) inputs.push(...Array.from(scope.querySelectorAll('input')));
  return inputs;
}

const isSignInKind = (kind: FieldKind) => kind !== 'other' && kind !== 'search';

/**
 * Without a password field, a sign-in step is small: a username-first step or a one-time code (at
 * most 8 boxes) beside a few other fields. A bigger password-less group is a data table or a long
 * profile form, and is not worth the layout reads.
 */
const MAX_PASSWORDLESS_FIELDS = 12;
const mayBeSignIn = (group: FieldGroup) =>
  group.fields.some((field) => field.kind.startsWith('password')) ||
  (group.fields.length <= MAX_PASSWORDLESS_FIELDS && group.fields.some((field) => isSignInKind(field.kind)));

/** Input types that may hold a typed credential (`type=search` is never one). */
const CREDENTIAL_TYPES = new Set(['text', 'email', 'tel', 'number', 'url', 'password']);

/**
 * The inputs worth classifying at all, decided from the `type` attribute alone: grouped as they
 * will be, a group of more than MAX_PASSWORDLESS_FIELDS fields without a password is dropped before
 * its labels and names are read (on a 2,000-input order table that is nearly every field).
 */
function worthClassifying(inputs: HTMLInputElement[]): HTMLInputElement[] {
  const typed: Field[] = [];
  for (const input of inputs) {
    const type = input.type.toLowerCase();
    if (CREDENTIAL_TYPES.has(type)) typed.push({ input, kind: type === 'password' ? 'password-current' : 'other' });
  }
  if (typed.length <= MAX_PASSWORDLESS_FIELDS) return typed.map((field) => field.input);
  return groupFields(typed)
    .filter((group) => group.fields.length <= MAX_PASSWORDLESS_FIELDS || group.fields.some((field) => field.kind === 'password-current'))
    .flatMap((group) => group.fields.map((field) => field.input));
}

/**
 * Fields worth a look: fillable, and either a sign-in kind or a plain text field (a username by
 * position). Cheap checks first: fields are classified (attributes and labels only), groups with no
 * password, username or one-time-code field are dropped, and only the rest pay for the layout and
 * style reads of `isFillable` — a back-office page with 2,000 inputs and no sign-in stays cheap.
 * Fillable fields are then grouped again, so an invisible decoy never splits or joins a group.
 */
export function candidateFields(inputs: HTMLInputElement[], view?: LayoutView): Field[] {
  const classified: Field[] = [];
  withLabelCache(() => {
    for (const input of worthClassifying(inputs)) {
      const kind = classifyField(input);
      if (kind === 'search' || (kind === 'other' && !isTextLike(input))) continue;
      classified.push({ input, kind });
    }
  });
  if (!classified.some((field) => isSignInKind(field.kind))) return [];
  const worthChecking = groupFields(classified).filter(mayBeSignIn);
  const wanted = new Set(worthChecking.flatMap((group) => group.fields.map((field) => field.input)));
  return classified.filter((field) => wanted.has(field.input) && isFillable(field.input, view));
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
