/** findSignInForms: grouping and form kinds beyond the fixture table. */
import { fakeLayout } from '../../tests/fixtures/autofill/load.ts';
import { findSignInForms } from './find-sign-in.ts';

const find = (root: Document | ShadowRoot | Element = document) => findSignInForms(root, { view: fakeLayout() });
const ids = (inputs: (HTMLElement | undefined)[]) => inputs.map((el) => el?.id);

describe('findSignInForms', () => {
  it('keeps split one-time-code boxes in document order', () => {
    document.body.innerHTML = `<form>${[1, 2, 3, 4, 5, 6].map((n) => `<input id="d${n}" inputmode="numeric" maxlength="1">`).join('')}<button>Verify</button></form>`;
    const [form] = find();
    expect(form?.kind).toBe('one-time-code');
    expect(ids(form!.otp)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
  });

  it('never offers the stored password for the new fields of a change-password form without hints', () => {
    document.body.innerHTML = '<form><input type="password" id="a"><input type="password" id="b"><input type="password" id="c"><button>Save</button></form>';
    const [form] = find();
    expect(form).toMatchObject({ kind: 'change-password' });
    expect(form!.password?.id).toBe('a');
    expect(ids(form!.newPasswords)).toEqual(['b', 'c']);
  });

  it('treats "current" wherever it stands as the only fillable password', () => {
    document.body.innerHTML =
      '<form><input type="password" id="n" autocomplete="new-password"><input type="password" id="c" autocomplete="current-password"></form>';
    const [form] = find();
    expect(form!.kind).toBe('change-password');
    expect(form!.password?.id).toBe('c');
    expect(ids(form!.newPasswords)).toEqual(['n']);
  });

  it('calls new + confirm without a username a change (reset) with nothing to fill', () => {
    document.body.innerHTML =
      '<form><label for="a">New password</label><input type="password" id="a"><label for="b">Confirm password</label><input type="password" id="b"></form>';
    const [form] = find();
    expect(form!.kind).toBe('change-password');
    expect(form!.password).toBeUndefined();
    expect(ids(form!.newPasswords)).toEqual(['a', 'b']);
  });

  it('finds fields in nested open shadow roots, not in closed ones', () => {
    document.body.innerHTML = '<div id="open"></div><div id="closed"></div>';
    const outer = document.getElementById('open')!.attachShadow({ mode: 'open' });
    outer.innerHTML = '<span id="inner"></span>';
    outer.getElementById('inner')!.attachShadow({ mode: 'open' }).innerHTML = '<input id="u" name="email" type="email"><input id="p" type="password">';
    document.getElementById('closed')!.attachShadow({ mode: 'closed' }).innerHTML = '<input type="password">';
    const forms = find();
    expect(forms).toHaveLength(1);
    expect(ids([forms[0]!.username, forms[0]!.password])).toEqual(['u', 'p']);
  });

  it('scans a shadow root given as the root', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<form><input id="p" type="password"></form>';
    expect(find(shadow).map((f) => f.password?.id)).toEqual(['p']);
  });

  it('separates two form-less sign-ins far apart on one page', () => {
    document.body.innerHTML =
      '<main><div><div><div><div><div><div><input id="u1" name="user"><input id="p1" type="password"></div></div></div></div></div></div>' +
      '<aside><input id="u2" name="login"><input id="p2" type="password"></aside></main>';
    expect(find().map((f) => ids([f.username, f.password]))).toEqual([
      ['u1', 'p1'],
      ['u2', 'p2'],
    ]);
  });

  it('takes the text field just before the password as username when nothing says so', () => {
    document.body.innerHTML = '<form><input id="who" name="x1"><input id="p" type="password"></form>';
    expect(find()[0]!.username?.id).toBe('who');
  });

  it('does not take a lone email with a "sign up" button for a username-first step', () => {
    document.body.innerHTML = '<form><input type="email" id="e"><button>Sign up</button></form>';
    expect(find()).toEqual([]);
  });

  it('takes a lone username field with a "Weiter" button for a username-first step', () => {
    document.body.innerHTML = '<form><label for="e">E-Mail</label><input id="e"><button>Weiter</button></form>';
    expect(find()[0]).toMatchObject({ kind: 'username-first' });
  });

  it('does not take a contact form with several text fields for a username-first step', () => {
    document.body.innerHTML = '<form><input name="name"><input type="email" name="email"><button>Continue</button></form>';
    expect(find()).toEqual([]);
  });

  it('groups by the form owner, including fields outside the form with form=', () => {
    document.body.innerHTML = '<input id="u" name="username" form="f"><div><form id="f"><input id="p" type="password"></form></div>';
    const [form] = find();
    expect(ids([form!.username, form!.password])).toEqual(['u', 'p']);
  });
});
