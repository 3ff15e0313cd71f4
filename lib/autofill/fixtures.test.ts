/** The data table: every fixture page gives exactly the expected logical forms. */
import { autofillCases, type ExpectedForm } from '../../tests/fixtures/autofill/cases.ts';
import { click, fakeLayout, loadFixture } from '../../tests/fixtures/autofill/load.ts';
import { findSignInForms, type SignInForm } from './find-sign-in.ts';

const id = (el: Element | undefined) => el?.id || undefined;

function describeForm(form: SignInForm): ExpectedForm {
  const out: ExpectedForm = { kind: form.kind };
  if (form.username) out.username = id(form.username);
  if (form.password) out.password = id(form.password);
  if (form.newPasswords.length) out.newPasswords = form.newPasswords.map((el) => el.id);
  if (form.otp.length) out.otp = form.otp.map((el) => el.id);
  if (form.submit) out.submit = id(form.submit);
  return out;
}

describe('findSignInForms on the fixture pages', () => {
  it.each(autofillCases.map((c) => [c.name, c] as const))('finds the expected forms: %s', (_name, testCase) => {
    loadFixture(testCase.frame?.file ?? testCase.page);
    for (const target of testCase.clicks ?? []) click(target);
    const forms = findSignInForms(document, { view: fakeLayout() }).map(describeForm);
    expect(forms).toEqual(testCase.forms);
  });

  it('never puts a must-stay-empty field into username or password', () => {
    for (const testCase of autofillCases) {
      loadFixture(testCase.frame?.file ?? testCase.page);
      for (const target of testCase.clicks ?? []) click(target);
      const fillTargets = findSignInForms(document, { view: fakeLayout() }).flatMap((f) => [f.username?.id, f.password?.id]);
      const leaks = testCase.fills ? testCase.mustStayEmpty.filter((field) => fillTargets.includes(field)) : [];
      expect(leaks, testCase.name).toEqual([]);
    }
  });

  it('finds nothing on the pages that only frame a sign-in', () => {
    for (const page of ['iframe-same-origin.html', 'iframe-cross-origin.html', 'iframe-sandboxed.html']) {
      loadFixture(page);
      expect(findSignInForms(document, { view: fakeLayout() }), page).toEqual([]);
    }
  });

  it('finds nothing before the click on pages whose form shows later', () => {
    for (const page of ['appears-later.html', 'dialog.html', 'popover.html']) {
      loadFixture(page);
      expect(findSignInForms(document, { view: fakeLayout() }), page).toEqual([]);
    }
  });
});
