/** knownForms / pickForm / eventOrigin: which form an element, an event or a fill belongs to. */
import { fakeLayout } from '../../tests/fixtures/autofill/load.ts';
import { findSignInForms } from './find-sign-in.ts';
import { eventOrigin, knownForms, pickForm } from './known-forms.ts';

const view = fakeLayout();
const byId = (id: string) => document.getElementById(id)!;
const scan = () => findSignInForms(document, { view });

describe('knownForms', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('knows the role of each field and replaces a re-rendered form', () => {
    document.body.innerHTML = '<form id="f"><input id="u" name="username"><input id="p" type="password"></form>';
    const known = knownForms();
    known.add(scan());
    expect(known.owner(byId('p'))?.role).toBe('password');
    expect(known.owner(byId('u'))?.role).toBe('username');
    byId('f').innerHTML = '<input id="u2" name="username"><input id="p2" type="password">';
    known.add(scan());
    expect(known.owner(byId('p2'))?.role).toBe('password');
    expect(known.holding(byId('p2'))?.password).toBe(byId('p2'));
  });

  it('picks the innermost container holding a node', () => {
    document.body.innerHTML = '<form id="outer"><input name="username"><input type="password"><div id="inner-box"></div></form>';
    const known = knownForms();
    const outer = scan();
    byId('inner-box').innerHTML = '<div id="inner"><input id="code" autocomplete="one-time-code"></div>';
    const inner = { kind: 'one-time-code' as const, container: byId('inner'), otp: [byId('code') as HTMLInputElement], newPasswords: [] };
    known.add([...outer, inner]);
    expect(known.holding(byId('code'))).toBe(inner);
  });

  it('forgets forms whose container left the page', () => {
    document.body.innerHTML = '<form id="a"><input name="username"><input id="p" type="password"></form>';
    const known = knownForms();
    known.add(scan());
    const password = byId('p');
    byId('a').remove();
    known.add([]);
    expect(known.owner(password)).toBeUndefined();
  });
});

describe('pickForm', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it("prefers a sign-in form over a sign-up form for 'best' when nothing is focused", () => {
    document.body.innerHTML =
      '<form><input name="email" type="email"><input type="password" autocomplete="new-password"></form><form><input name="username"><input id="p" type="password"></form>';
    expect(pickForm(scan(), 'best', undefined, document)?.password).toBe(byId('p'));
  });

  it("finds nothing for 'menu' without a menu field", () => {
    document.body.innerHTML = '<form><input name="username"><input type="password"></form>';
    expect(pickForm(scan(), 'menu', undefined, document)).toBeUndefined();
  });
});

describe('eventOrigin', () => {
  it('is the element inside an open shadow root, not its host', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = byId('host').attachShadow({ mode: 'open' });
    shadow.innerHTML = '<input id="inside">';
    let origin: Element | null = null;
    document.addEventListener('click', (event) => (origin = eventOrigin(event)), { once: true });
    (shadow.getElementById('inside') as HTMLElement).click();
    expect(origin).toBe(shadow.getElementById('inside'));
  });
});
