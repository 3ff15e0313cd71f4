import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { PendingAttempt } from '../lib/messaging/messages.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { SecurityCheckStep, type SecurityCheckStepProps } from './security-check-step.tsx';
import { PICTURE, samplePending } from '../tests/unit/support/popup-fixtures.ts';

useEnglish();

function renderStep(pending: PendingAttempt = samplePending(), props: Partial<SecurityCheckStepProps> = {}) {
  const callbacks = { onContinue: vi.fn(), onNewPicture: vi.fn(), onBack: vi.fn() };
  const all = (next: PendingAttempt): SecurityCheckStepProps => ({ pending: next, busy: false, error: null, waitMessage: null, pictureExpired: false, ...callbacks, ...props });
  const view = render(<SecurityCheckStep {...all(pending)} />);
  return { ...view, ...callbacks, rerenderWith: (next: PendingAttempt) => view.rerender(<SecurityCheckStep {...all(next)} />) };
}

const characters = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Characters from the picture' });
const typeInto = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

describe('SecurityCheckStep', () => {
  it('gives every control an accessible name when shown for a sign-in', () => {
    const { container } = renderStep();
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByRole('heading', { name: 'Security Check' })).toBeTruthy();
    expect(screen.getByText('Enter the characters from the picture.')).toBeTruthy();
    expect(screen.getByRole<HTMLImageElement>('img', { name: 'Security Check picture' }).src).toBe(PICTURE);
    for (const name of ['New picture', 'Sign In', 'Back']) expect(screen.getByRole('button', { name })).toBeTruthy();
  });

  it('asks for the characters without autocomplete and in capitals when shown', () => {
    renderStep();
    expect(characters().getAttribute('autocomplete')).toBe('off');
    expect(characters().getAttribute('autocapitalize')).toBe('characters');
  });

  it('keeps the email filled in and the password empty and optional when the background kept the password', () => {
    renderStep();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Email address' }).value).toBe('someone@example.com');
    const password = screen.getByLabelText<HTMLInputElement>('Password');
    expect(password.value).toBe('');
    expect(password.required).toBe(false);
    expect(screen.getByText('Leave empty to use the password you just typed.')).toBeTruthy();
  });

  it('sends only the characters when the password was kept and Sign In is clicked', () => {
    const { onContinue } = renderStep();
    typeInto(characters(), ' ab12x ');
    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(onContinue).toHaveBeenCalledExactlyOnceWith({ captchaAnswer: 'ab12x' });
  });

  it('sends the corrected password when the user typed one', () => {
    const { onContinue } = renderStep();
    typeInto(characters(), 'AB12X');
    typeInto(screen.getByLabelText('Password'), 'Quartz-Lantern-47');
    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(onContinue).toHaveBeenCalledExactlyOnceWith({ captchaAnswer: 'AB12X', password: 'Quartz-Lantern-47' });
  });

  it('shows the email read-only, because the attempt belongs to it', () => {
    renderStep();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Email address' }).readOnly).toBe(true);
  });

  it('requires the password and sends nothing without it when the background lost it', () => {
    const { onContinue } = renderStep(samplePending({ hasPassword: false }));
    expect(screen.getByLabelText<HTMLInputElement>('Password').required).toBe(true);
    typeInto(characters(), 'AB12X');
    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(onContinue).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Type your password again to continue.');
    typeInto(screen.getByLabelText('Password'), 'Quartz-Lantern-47');
    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(onContinue).toHaveBeenCalledExactlyOnceWith({ captchaAnswer: 'AB12X', password: 'Quartz-Lantern-47' });
  });

  it('says what to do and sends nothing when the characters are empty', () => {
    const { onContinue } = renderStep();
    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(onContinue).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Enter the characters from the picture.');
  });

  it('disables Sign In and shows the wait when attempts are held back', () => {
    const { onContinue, container } = renderStep(samplePending(), { waitMessage: 'Too many attempts, try again in 4 seconds.' });
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Sign In' });
    expect(button.disabled).toBe(true);
    expect(screen.getByRole('timer').textContent).toBe('Too many attempts, try again in 4 seconds.');
    expect(button.getAttribute('aria-describedby')).toBe(screen.getByRole('timer').id);
    typeInto(characters(), 'AB12X');
    fireEvent.submit(container.querySelector('form')!);
    expect(onContinue).not.toHaveBeenCalled();
  });

  it('disables Sign In and New picture when busy', () => {
    renderStep(samplePending(), { busy: true });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Sign In' }).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'New picture' }).disabled).toBe(true);
  });

  it('calls onNewPicture and onBack when their buttons are clicked', () => {
    const { onNewPicture, onBack } = renderStep();
    fireEvent.click(screen.getByRole('button', { name: 'New picture' }));
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(onNewPicture).toHaveBeenCalledTimes(1);
    expect(onBack).toHaveBeenCalledTimes(1);
  });

  it('empties the characters but keeps the typed password when a new picture arrives', () => {
    const { rerenderWith } = renderStep();
    typeInto(characters(), 'AB12X');
    typeInto(screen.getByLabelText('Password'), 'Quartz-Lantern-47');
    rerenderWith(samplePending({ captcha: { image: 'data:image/png;base64,bmV3', expiresAt: Date.UTC(2030, 0, 1) } }));
    expect(characters().value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('Quartz-Lantern-47');
  });

  it('shows the error as an alert and says the picture expired when told so', () => {
    renderStep(samplePending(), { error: 'Those characters did not match. Try the new picture.', pictureExpired: true });
    expect(screen.getByRole('alert').textContent).toBe('Those characters did not match. Try the new picture.');
    expect(screen.getByText('This picture has expired. Choose New picture.')).toBeTruthy();
  });

  it('shows the account being created and no password field when the background kept the password', () => {
    const { container, onContinue } = renderStep(samplePending({ kind: 'createAccount', email: 'new@example.com', region: 'de', marketingConsent: true }));
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByText('New account for new@example.com, region Germany.')).toBeTruthy();
    expect(screen.queryByLabelText('Password')).toBeNull();
    typeInto(characters(), 'AB12X');
    fireEvent.click(screen.getByRole('button', { name: 'Create Account' }));
    expect(onContinue).toHaveBeenCalledExactlyOnceWith({ captchaAnswer: 'AB12X' });
  });

  it('asks for the new password twice and checks they match when an account creation lost its password', () => {
    const { onContinue } = renderStep(samplePending({ kind: 'createAccount', region: 'fr', hasPassword: false }));
    typeInto(characters(), 'AB12X');
    typeInto(screen.getByLabelText('Password'), 'Quartz-Lantern-47');
    typeInto(screen.getByLabelText('Confirm password'), 'Quartz-Lantern-48');
    fireEvent.click(screen.getByRole('button', { name: 'Create Account' }));
    expect(onContinue).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('The passwords do not match.');
    typeInto(screen.getByLabelText('Confirm password'), 'Quartz-Lantern-47');
    fireEvent.click(screen.getByRole('button', { name: 'Create Account' }));
    expect(onContinue).toHaveBeenCalledExactlyOnceWith({ captchaAnswer: 'AB12X', password: 'Quartz-Lantern-47' });
  });
});
