/** captureSubmits: which sends of a form count, what is read, and what is never reported. */
import { fakeLayout, loadFixture } from '../../tests/fixtures/autofill/load.ts';
import { isShadowRoot, isTag } from './dom.ts';
import { findSignInForms } from './find-sign-in.ts';
import { knownForms } from './known-forms.ts';
import { captureSubmits, type Submission, type SubmitCaptureOptions } from './submit-capture.ts';

const view = fakeLayout();
const byId = (id: string, root: Document | ShadowRoot = document) => root.getElementById(id) as HTMLInputElement;
let controller: AbortController;

/** Types like a person: the value, then the input event the page and we listen to. */
function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

function keydown(input: HTMLElement, key: string) {
  input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
}

function submitEvent(form: HTMLFormElement) {
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

function capture(options: Partial<SubmitCaptureOptions> = {}) {
  const known = knownForms();
  const forms = findSignInForms(document, { view });
  known.add(forms);
  const reports: Submission[] = [];
  const capturer = captureSubmits({
    doc: document,
    formOf: (node) => known.holding(node) ?? (isTag(node, 'form') ? findSignInForms(node, { view })[0] : undefined),
    report: (submission) => reports.push(submission),
    signal: controller.signal,
    view,
    isTrusted: () => true,
    ...options,
  });
  return { reports, capturer, forms };
}

describe('captureSubmits', () => {
  beforeEach(() => {
    controller = new AbortController();
    // happy-dom would try to navigate on an unhandled submit.
    document.addEventListener('submit', (event) => event.preventDefault(), { signal: controller.signal });
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('reports a sign-in form on its submit event', () => {
    loadFixture('simple.html');
    const { reports } = capture();
    type(byId('username'), ' alice ');
    type(byId('password'), 'pw-1');
    submitEvent(document.getElementById('login') as HTMLFormElement);
    expect(reports).toEqual([{ formKind: 'sign-in', username: 'alice', password: 'pw-1', newPassword: null }]);
  });

  it('reports a form-less sign-in on a trusted click of its button, and not on a scripted one', () => {
    loadFixture('no-form.html');
    type(byId('login-email'), 'alice@example.com');
    type(byId('login-pass'), 'pw-1');
    const untrusted = capture({ isTrusted: undefined });
    byId('submit').click();
    expect(untrusted.reports).toEqual([]);
    controller.abort();
    controller = new AbortController();
    const { reports } = capture();
    byId('submit').click();
    expect(reports).toEqual([{ formKind: 'sign-in', username: 'alice@example.com', password: 'pw-1', newPassword: null }]);
  });

  it('reports on a trusted Enter in one of the fields, not on a scripted one or another key', () => {
    loadFixture('search-beside.html');
    type(byId('login-user'), 'alice');
    type(byId('login-pass'), 'pw-1');
    const scripted = capture({ isTrusted: undefined });
    keydown(byId('login-pass'), 'Enter');
    expect(scripted.reports).toEqual([]);
    controller.abort();
    controller = new AbortController();
    const { reports } = capture();
    keydown(byId('login-pass'), 'a');
    keydown(byId('site-search'), 'Enter');
    expect(reports).toEqual([]);
    keydown(byId('login-pass'), 'Enter');
    expect(reports).toEqual([{ formKind: 'sign-in', username: 'alice', password: 'pw-1', newPassword: null }]);
  });

  it('reports a fetch-based sign-in when its fields go away after a click, with the values typed before the page cleared them', () => {
    vi.useFakeTimers();
    document.body.innerHTML =
      '<div id="panel"><span id="alt" role="button">Sign in with your account</span><div><input id="u" name="username"></div><div><input id="p" type="password"></div><button id="go" type="button">Log in</button></div>';
    const { reports } = capture();
    type(byId('u'), 'alice');
    type(byId('p'), 'pw-1');
    document.getElementById('alt')!.click();
    expect(reports).toEqual([]);
    byId('u').value = '';
    byId('p').value = '';
    document.getElementById('panel')!.remove();
    vi.advanceTimersByTime(300);
    expect(reports).toEqual([{ formKind: 'sign-in', username: 'alice', password: 'pw-1', newPassword: null }]);
  });

  it('reports nothing when an armed form stays on the page past the watch', () => {
    vi.useFakeTimers();
    document.body.innerHTML = '<div id="panel"><span id="alt" role="button">Show</span><div><input id="u" name="username"></div><div><input id="p" type="password"></div></div>';
    const { reports } = capture({ armMs: 1000 });
    type(byId('u'), 'alice');
    type(byId('p'), 'pw-1');
    document.getElementById('alt')!.click();
    vi.advanceTimersByTime(1500);
    document.getElementById('panel')!.remove();
    vi.advanceTimersByTime(1500);
    expect(reports).toEqual([]);
  });

  it('reports an armed form when the page is hidden (navigation)', () => {
    vi.useFakeTimers();
    document.body.innerHTML = '<div><span id="alt" role="button">Go</span><div><input id="u" name="username"></div><div><input id="p" type="password"></div></div>';
    const { reports } = capture();
    type(byId('u'), 'alice');
    type(byId('p'), 'pw-1');
    document.getElementById('alt')!.click();
    window.dispatchEvent(new Event('pagehide'));
    expect(reports).toEqual([{ formKind: 'sign-in', username: 'alice', password: 'pw-1', newPassword: null }]);
  });

  it('reports nothing for a newsletter form', () => {
    loadFixture('newsletter.html');
    const { reports } = capture();
    type(byId('news-email'), 'alice@example.com');
    submitEvent(document.getElementById('newsletter') as HTMLFormElement);
    byId('subscribe').click();
    expect(reports).toEqual([]);
  });

  it('reports nothing when the password is empty', () => {
    loadFixture('simple.html');
    const { reports } = capture();
    type(byId('username'), 'alice');
    submitEvent(document.getElementById('login') as HTMLFormElement);
    expect(reports).toEqual([]);
  });

  it('reports each distinct username and password once per document', () => {
    loadFixture('simple.html');
    const { reports } = capture();
    const form = document.getElementById('login') as HTMLFormElement;
    type(byId('username'), 'alice');
    type(byId('password'), 'wrong');
    submitEvent(form);
    byId('submit').click();
    keydown(byId('password'), 'Enter');
    type(byId('password'), 'right');
    submitEvent(form);
    submitEvent(form);
    expect(reports.map((r) => r.password)).toEqual(['wrong', 'right']);
  });

  it('reports the username of a username-first step without a password', () => {
    loadFixture('step1.html');
    const { reports } = capture();
    submitEvent(document.getElementById('step1') as HTMLFormElement);
    expect(reports).toEqual([]);
    type(byId('identifier'), 'alice@example.com');
    submitEvent(document.getElementById('step1') as HTMLFormElement);
    expect(reports).toEqual([{ formKind: 'username-first', username: 'alice@example.com', password: '', newPassword: null }]);
  });

  it('reports a change of password with the hidden account name, and nothing while the confirmation differs', () => {
    loadFixture('change-password.html');
    const { reports } = capture();
    const form = document.getElementById('change') as HTMLFormElement;
    type(byId('current-password'), 'old-pw');
    type(byId('new-password'), 'new-pw');
    type(byId('confirm-password'), 'new-pX');
    submitEvent(form);
    expect(reports).toEqual([]);
    type(byId('confirm-password'), 'new-pw');
    submitEvent(form);
    expect(reports).toEqual([{ formKind: 'change-password', username: 'alice', password: 'old-pw', newPassword: 'new-pw' }]);
  });

  it('reports the new password of a sign-up form as the password to save', () => {
    loadFixture('sign-up.html');
    const { reports } = capture();
    type(byId('email'), 'alice@example.com');
    type(byId('new-password'), 'fresh-pw');
    type(byId('confirm-password'), 'fresh-pw');
    submitEvent(document.getElementById('signup') as HTMLFormElement);
    expect(reports).toEqual([{ formKind: 'sign-up', username: 'alice@example.com', password: 'fresh-pw', newPassword: null }]);
  });

  it('reports nothing for a one-time-code form', () => {
    loadFixture('otp-split.html');
    const { reports } = capture();
    for (let n = 1; n <= 6; n++) type(byId(`otp-${n}`), String(n));
    submitEvent(document.getElementById('otp-form') as HTMLFormElement);
    expect(reports).toEqual([]);
  });

  it('hears a submit inside a shadow root once that root is watched', () => {
    loadFixture('shadow-root.html');
    const { reports, capturer, forms } = capture();
    const root = forms[0]!.container.getRootNode();
    expect(isShadowRoot(root)).toBe(true);
    const shadow = root as ShadowRoot;
    shadow.addEventListener('submit', (event) => event.preventDefault());
    type(byId('sr-username', shadow), 'alice@example.com');
    type(byId('sr-password', shadow), 'pw-1');
    submitEvent(byId('sr-form', shadow) as unknown as HTMLFormElement);
    expect(reports).toEqual([]);
    capturer.watchRoot(shadow);
    submitEvent(byId('sr-form', shadow) as unknown as HTMLFormElement);
    expect(reports).toEqual([{ formKind: 'sign-in', username: 'alice@example.com', password: 'pw-1', newPassword: null }]);
  });

  it('stops listening when aborted', () => {
    loadFixture('simple.html');
    const { reports } = capture();
    controller.abort();
    type(byId('username'), 'alice');
    type(byId('password'), 'pw-1');
    submitEvent(document.getElementById('login') as HTMLFormElement);
    expect(reports).toEqual([]);
  });
});
