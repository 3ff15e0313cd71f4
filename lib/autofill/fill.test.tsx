/** fillForm / setFieldValue / fillOtp: framework-proof values, the password rules, split codes. */
import { act } from 'preact/test-utils';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { fakeLayout, loadFixture } from '../../tests/fixtures/autofill/load.ts';
import { fillForm, fillOtp, setFieldValue } from './fill.ts';
import { findSignInForms, type SignInForm } from './find-sign-in.ts';

const view = fakeLayout();
const byId = (id: string) => document.getElementById(id) as HTMLInputElement;
const value = (id: string) => byId(id).value;

function onlyForm(): SignInForm {
  const forms = findSignInForms(document, { view });
  expect(forms).toHaveLength(1);
  return forms[0]!;
}

function ControlledLogin() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [, setTick] = useState(0);
  return (
    <form id="login">
      <input id="username" name="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      <input id="password" name="password" type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      <output id="state">{`${username}|${password}`}</output>
      <button id="rerender" type="button" onClick={() => setTick((n) => n + 1)}>
        Sign in
      </button>
    </form>
  );
}

describe('fillForm', () => {
  afterEach(() => {
    render(null, document.body);
    document.body.innerHTML = '';
  });

  it('keeps the values in a Preact controlled form through a re-render', () => {
    act(() => render(<ControlledLogin />, document.body));
    act(() => void fillForm(onlyForm(), { username: 'alice', password: 'pw-1' }, view));
    expect(document.getElementById('state')!.textContent).toBe('alice|pw-1');
    act(() => (document.getElementById('rerender') as HTMLButtonElement).click());
    expect([value('username'), value('password')]).toEqual(['alice', 'pw-1']);
  });

  it('updates the state of a controlled input that tracks its own value setter (React-style)', () => {
    loadFixture('preact-controlled.html');
    expect(fillForm(onlyForm(), { username: 'alice', password: 'pw-1' }, view)).toBe(true);
    expect(JSON.parse(document.getElementById('state')!.textContent!)).toEqual({ username: 'alice', password: '(set)' });
  });

  it('uses the native setter even when the page replaced `value` on the instance', () => {
    document.body.innerHTML = '<input id="f">';
    const input = byId('f');
    const pageSetter = vi.fn();
    Object.defineProperty(input, 'value', { configurable: true, get: () => 'page says', set: pageSetter });
    setFieldValue(input, 'secret');
    expect(pageSetter).not.toHaveBeenCalled();
    expect(Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.get!.call(input)).toBe('secret');
  });

  it('fires bubbling, composed input and change events', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<input id="f">';
    const seen: string[] = [];
    for (const type of ['input', 'change']) document.addEventListener(type, (e) => seen.push(`${e.type}:${e.bubbles}:${e.composed}`));
    setFieldValue(shadow.getElementById('f') as HTMLInputElement, 'x');
    expect(seen).toEqual(['input:true:true', 'change:true:true']);
  });

  it('never writes into honeypots and decoys', () => {
    loadFixture('honeypot.html');
    expect(fillForm(onlyForm(), { username: 'alice', password: 'pw-1' }, view)).toBe(true);
    expect([value('username'), value('password')]).toEqual(['alice', 'pw-1']);
    for (const decoy of ['hp-offscreen', 'hp-hidden-parent', 'hp-transparent', 'hp-clipped', 'hp-invisible', 'hp-zero', 'hp-aria']) expect(value(decoy), decoy).toBe('');
  });

  it('re-checks visibility right before writing: a field hidden since the scan stays empty', () => {
    loadFixture('simple.html');
    const form = onlyForm();
    byId('password').style.opacity = '0';
    expect(fillForm(form, { username: 'alice', password: 'pw-1' }, view)).toBe(true);
    expect([value('username'), value('password')]).toEqual(['alice', '']);
    byId('username').remove();
    expect(fillForm(form, { username: 'bob', password: 'pw-2' }, view)).toBe(false);
  });

  it('puts a stored password only into the current-password field of a change-password form', () => {
    loadFixture('change-password.html');
    expect(fillForm(onlyForm(), { password: 'old-pw' }, view)).toBe(true);
    expect(['current-password', 'new-password', 'confirm-password'].map(value)).toEqual(['old-pw', '', '']);
  });

  it('puts a stored password nowhere in a sign-up form, and a generated one into both new fields', () => {
    loadFixture('sign-up.html');
    const form = onlyForm();
    expect(fillForm(form, { password: 'stored' }, view)).toBe(false);
    expect([value('new-password'), value('confirm-password')]).toEqual(['', '']);
    expect(fillForm(form, { newPassword: 'generated' }, view)).toBe(true);
    expect([value('new-password'), value('confirm-password')]).toEqual(['generated', 'generated']);
  });

  it('leaves fields alone whose value is absent from the message', () => {
    loadFixture('simple.html');
    byId('username').value = 'typed';
    expect(fillForm(onlyForm(), { password: 'pw-1' }, view)).toBe(true);
    expect([value('username'), value('password')]).toEqual(['typed', 'pw-1']);
  });
});

describe('fillOtp', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('spreads a code over split boxes, one character each', () => {
    loadFixture('otp-split.html');
    expect(fillForm(onlyForm(), { otp: '123456' }, view)).toBe(true);
    expect([1, 2, 3, 4, 5, 6].map((n) => value(`otp-${n}`)).join(',')).toBe('1,2,3,4,5,6');
  });

  it('gives each box as many characters as its maxlength allows', () => {
    document.body.innerHTML = '<input id="a" maxlength="3"><input id="b" maxlength="3">';
    expect(fillOtp([byId('a'), byId('b')], '123456', view)).toBe(true);
    expect([value('a'), value('b')]).toEqual(['123', '456']);
  });

  it('splits evenly over boxes without a maxlength', () => {
    document.body.innerHTML = '<input id="a"><input id="b">';
    expect(fillOtp([byId('a'), byId('b')], '123456', view)).toBe(true);
    expect([value('a'), value('b')]).toEqual(['123', '456']);
  });

  it('fills a single field whole, cut to its maxlength', () => {
    document.body.innerHTML = '<input id="a" maxlength="6">';
    expect(fillOtp([byId('a')], '12345678', view)).toBe(true);
    expect(value('a')).toBe('123456');
  });

  it('fills no box when one of them is hidden (the digits would shift)', () => {
    loadFixture('otp-split.html');
    const form = onlyForm();
    byId('otp-3').style.display = 'none';
    expect(fillForm(form, { otp: '123456' }, view)).toBe(false);
    expect([1, 2, 3, 4, 5, 6].map((n) => value(`otp-${n}`)).join('')).toBe('');
  });
});
