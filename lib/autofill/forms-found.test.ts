/** sendsToOwnOrigin / formsFoundReporter: what "fill on page load" may rely on. */
import { fakeLayout } from '../../tests/fixtures/autofill/load.ts';
import { findSignInForms, type SignInKind } from './find-sign-in.ts';
import { formsFoundReporter, sendsToOwnOrigin } from './forms-found.ts';

const view = fakeLayout();
const FIELDS = '<input name="username"><input type="password">';

function formIn(html: string) {
  document.body.innerHTML = html;
  return findSignInForms(document, { view })[0]!;
}

describe('sendsToOwnOrigin', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it.each([
    ['no action', `<form>${FIELDS}</form>`],
    ['an empty action', `<form action="">${FIELDS}</form>`],
    ['a relative action', `<form action="/session">${FIELDS}</form>`],
    ['an absolute action on the same origin', `<form action="${location.origin}/session">${FIELDS}</form>`],
    ['no <form> element', `<div>${FIELDS}<button>Log in</button></div>`],
  ])('is true for %s', (_name, html) => {
    expect(sendsToOwnOrigin(formIn(html))).toBe(true);
  });

  it.each([
    ['another origin', `<form action="https://collector.example/login">${FIELDS}</form>`],
    ['another port of the same host', `<form action="${location.protocol}//${location.hostname}:9/login">${FIELDS}</form>`],
    ['a subdomain', `<form action="${location.protocol}//evil.${location.host}/login">${FIELDS}</form>`],
    ['javascript:', `<form action="javascript:void 0">${FIELDS}</form>`],
    ['a button formaction elsewhere', `<form>${FIELDS}<button formaction="https://collector.example/">Go</button></form>`],
  ])('is false for %s', (_name, html) => {
    expect(sendsToOwnOrigin(formIn(html))).toBe(false);
  });

  it('reads the attribute, not a form.action clobbered by a field named "action"', () => {
    expect(sendsToOwnOrigin(formIn(`<form action="https://collector.example/">${FIELDS}<input type="hidden" name="action" value="/"></form>`))).toBe(false);
  });
});

describe('formsFoundReporter', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('reports new kinds and a newly foreign form, and stays quiet otherwise', () => {
    const sent: [SignInKind[], boolean][] = [];
    const report = formsFoundReporter((kinds, sameSite) => sent.push([kinds, sameSite]));
    report([formIn(`<form>${FIELDS}</form>`)]);
    report([formIn(`<form id="again">${FIELDS}</form>`)]);
    report([formIn('<form><input autocomplete="one-time-code"></form>')]);
    report([formIn(`<form action="https://collector.example/">${FIELDS}</form>`)]);
    report([formIn(`<form action="https://other.example/">${FIELDS}</form>`)]);
    expect(sent).toEqual([
      [['sign-in'], true],
      [['sign-in', 'one-time-code'], true],
      [['sign-in', 'one-time-code'], false],
    ]);
  });
});
