/** reachShadowRoots: closed shadow roots count once the browser lets the extension reach them. */
import { fakeLayout } from '../../tests/fixtures/autofill/load.ts';
import { reachShadowRoots } from './dom.ts';
import { findSignInForms } from './find-sign-in.ts';

const view = fakeLayout();

describe('closed shadow roots', () => {
  let closed: WeakMap<Element, ShadowRoot>;

  beforeEach(() => {
    closed = new WeakMap();
    // A web component (closed roots are reached on custom elements only; see dom.ts).
    document.body.innerHTML = '<login-box id="host"></login-box>';
    const host = document.getElementById('host')!;
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML = '<input id="u" name="username"><input id="p" type="password"><button id="go">Log in</button>';
    closed.set(host, root);
  });
  afterEach(() => {
    reachShadowRoots(() => null);
    document.body.innerHTML = '';
  });

  it('are invisible to the scan by default', () => {
    expect(findSignInForms(document, { view })).toEqual([]);
  });

  it('are scanned when reachable (chrome.dom.openOrClosedShadowRoot, Firefox openOrClosedShadowRoot)', () => {
    reachShadowRoots((el) => closed.get(el));
    const forms = findSignInForms(document, { view });
    expect(forms.map((f) => [f.kind, f.username?.id, f.password?.id, f.submit?.id])).toEqual([['sign-in', 'u', 'p', 'go']]);
  });

  it('are not asked for on built-in elements (one API call per element would dominate the scan)', () => {
    document.body.insertAdjacentHTML('beforeend', '<div id="plain-host"></div>');
    const plainHost = document.getElementById('plain-host')!;
    const root = plainHost.attachShadow({ mode: 'closed' });
    root.innerHTML = '<input name="username"><input type="password">';
    const asked: string[] = [];
    reachShadowRoots((el) => {
      asked.push(el.localName);
      return closed.get(el) ?? (el === plainHost ? root : null);
    });
    expect(findSignInForms(document, { view })).toHaveLength(1); // the custom element's form only
    expect(new Set(asked)).toEqual(new Set(['login-box']));
  });

  it('fall back to open roots when the reach throws', () => {
    reachShadowRoots(() => {
      throw new Error('not an element of this frame');
    });
    document.body.insertAdjacentHTML('beforeend', '<div id="open"></div>');
    document.getElementById('open')!.attachShadow({ mode: 'open' }).innerHTML = '<input name="username"><input type="password">';
    expect(findSignInForms(document, { view })).toHaveLength(1);
  });
});
