import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { CreateAccountScreen } from './create-account-screen.tsx';

useEnglish();

const MARKETING = 'I agree to provide Tessera with my email address to receive personalized marketing offers';

function renderScreen(props: { busy?: boolean; error?: string | null } = {}) {
  const onCreate = vi.fn();
  const onBack = vi.fn();
  const view = render(<CreateAccountScreen busy={props.busy ?? false} error={props.error ?? null} onCreate={onCreate} onBack={onBack} />);
  return { ...view, onCreate, onBack };
}

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

/** What a screen reader hears after a rule: "(done)" or "(missing)". */
function ruleState(rule: string): string | undefined {
  const list = screen.getByRole('list', { name: 'Your password needs' });
  return /\((done|missing)\)/.exec(within(list).getByText(rule).textContent ?? '')?.[1];
}

function fillValidForm() {
  type('Email address', 'new.person@example.com');
  type('Password', 'Quartz-Lantern-47');
  type('Confirm password', 'Quartz-Lantern-47');
  fireEvent.change(screen.getByRole('combobox', { name: 'Region' }), { target: { value: 'de' } });
}

describe('CreateAccountScreen', () => {
  it('gives every control an accessible name when shown', () => {
    const { container } = renderScreen();
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByRole('textbox', { name: 'Email address' })).toBeTruthy();
    expect(screen.getByLabelText('Password')).toHaveProperty('type', 'password');
    expect(screen.getByLabelText('Confirm password')).toHaveProperty('type', 'password');
    expect(screen.getByRole('combobox', { name: 'Region' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: MARKETING })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Back' })).toBeTruthy();
  });

  it('leaves the marketing checkbox unchecked when shown', () => {
    renderScreen();
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: MARKETING }).checked).toBe(false);
  });

  it('pre-selects the region of the browser’s locale when shown', () => {
    renderScreen();
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Region' }).value).toBe('us');
    expect(screen.getByText(/Emails from My Tessera will be in English/)).toBeTruthy();
  });

  it('shows every rule as missing when the password is empty', () => {
    renderScreen();
    for (const rule of ['At least 8 characters', 'A digit', 'A lowercase letter', 'An uppercase letter']) expect(ruleState(rule)).toBe('missing');
  });

  it('counts letters of any script when the user types a non-Latin password', () => {
    renderScreen();
    type('Password', 'Пароль');
    expect(ruleState('A lowercase letter')).toBe('done');
    expect(ruleState('An uppercase letter')).toBe('done');
    expect(ruleState('A digit')).toBe('missing');
    expect(ruleState('At least 8 characters')).toBe('missing');
    type('Password', 'Пароль2024');
    for (const rule of ['At least 8 characters', 'A digit', 'A lowercase letter', 'An uppercase letter', 'No spaces']) expect(ruleState(rule)).toBe('done');
  });

  it('flags whitespace when the password contains a space', () => {
    renderScreen();
    type('Password', 'Quartz Lantern 47');
    expect(ruleState('No spaces')).toBe('missing');
  });

  it('flags a common password once the list has loaded when the user types one', async () => {
    renderScreen();
    type('Password', 'Password1');
    await screen.findByText('Not a common password');
    expect(ruleState('Not a common password')).toBe('missing');
    type('Password', 'Quartz-Lantern-47');
    expect(ruleState('Not a common password')).toBe('done');
  });

  it('shows the mismatch on the confirmation field when it differs and the user leaves it', () => {
    renderScreen();
    type('Password', 'Quartz-Lantern-47');
    type('Confirm password', 'Quartz-Lantern-48');
    const confirm = screen.getByLabelText('Confirm password');
    fireEvent.blur(confirm);
    expect(confirm.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (confirm.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(describedBy).toContain('The passwords do not match.');
  });

  it('shows an alert and does not call onCreate when the form is submitted invalid', () => {
    const { onCreate } = renderScreen();
    type('Email address', 'not-an-email');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter a valid email address, like name@example.com.');
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('shows the weak-password alert when only the password breaks a rule', () => {
    const { onCreate } = renderScreen();
    fillValidForm();
    type('Password', 'quartz-lantern-47');
    type('Confirm password', 'quartz-lantern-47');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByRole('alert').textContent).toBe('The password does not meet every rule yet.');
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('calls onCreate with the fields when the form is valid and submitted', () => {
    const { onCreate } = renderScreen();
    fillValidForm();
    fireEvent.click(screen.getByRole('checkbox', { name: MARKETING }));
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onCreate).toHaveBeenCalledWith({
      email: 'new.person@example.com',
      password: 'Quartz-Lantern-47',
      confirm: 'Quartz-Lantern-47',
      region: 'de',
      marketingConsent: true,
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends no marketing consent when the checkbox was left alone', () => {
    const { onCreate } = renderScreen();
    fillValidForm();
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onCreate).toHaveBeenCalledWith(expect.objectContaining({ marketingConsent: false }));
  });

  it('disables Create when busy', () => {
    renderScreen({ busy: true });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Create' }).disabled).toBe(true);
  });

  it('shows the background’s error as an alert when given one', () => {
    renderScreen({ error: 'An account with this email address already exists. Sign in instead.' });
    expect(screen.getByRole('alert').textContent).toBe('An account with this email address already exists. Sign in instead.');
  });

  it('calls onBack when Back is clicked', () => {
    const { onBack } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(onBack).toHaveBeenCalled();
  });
});
