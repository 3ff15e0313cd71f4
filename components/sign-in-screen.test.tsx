import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { SignInScreen } from './sign-in-screen.tsx';

useEnglish();

function renderScreen(props: { lastEmail?: string | null; busy?: boolean; error?: string | null; waitMessage?: string | null } = {}) {
  const callbacks = { onSignIn: vi.fn(), onCreateAccount: vi.fn(), onSettings: vi.fn() };
  const view = render(
    <SignInScreen
      lastEmail={props.lastEmail ?? null}
      busy={props.busy ?? false}
      error={props.error ?? null}
      waitMessage={props.waitMessage ?? null}
      {...callbacks}
    />,
  );
  return { ...view, ...callbacks };
}

describe('SignInScreen', () => {
  it('holds "Sign In" back while a wait runs, says why, and sends nothing on Enter', () => {
    const { onSignIn } = renderScreen({ lastEmail: 'someone@example.com', waitMessage: 'Too many attempts, try again in 2 seconds.' });
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Sign In' });
    expect(button.disabled).toBe(true);
    const timer = screen.getByRole('timer');
    expect(timer.textContent).toBe('Too many attempts, try again in 2 seconds.');
    expect(button.getAttribute('aria-describedby')).toBe(timer.id);
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'Quartz-Lantern-47' } });
    fireEvent.submit(button.closest('form')!);
    expect(onSignIn).not.toHaveBeenCalled();
  });

  it('gives every control an accessible name when shown', () => {
    const { container } = renderScreen();
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByRole('textbox', { name: 'Email address' })).toBeTruthy();
    expect(screen.getByLabelText('Password')).toHaveProperty('type', 'password');
    for (const name of ['Sign In', 'Create Account', 'Settings']) expect(screen.getByRole('button', { name })).toBeTruthy();
  });

  it('pre-fills the email and leaves the password empty when a last email is known', () => {
    renderScreen({ lastEmail: 'returning@example.com' });
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Email address' }).value).toBe('returning@example.com');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
  });

  it('starts with an empty email when no last email is known', () => {
    renderScreen();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Email address' }).value).toBe('');
  });

  it('calls onSignIn with what was typed when Sign In is clicked', () => {
    const { onSignIn } = renderScreen({ lastEmail: 'returning@example.com' });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'Quartz-Lantern-47' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(onSignIn).toHaveBeenCalledWith('returning@example.com', 'Quartz-Lantern-47');
  });

  it('does not call onSignIn and disables Sign In when busy', () => {
    const { onSignIn, container } = renderScreen({ busy: true });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Sign In' }).disabled).toBe(true);
    fireEvent.submit(container.querySelector('form')!);
    expect(onSignIn).not.toHaveBeenCalled();
  });

  it('shows the error as an alert when given one', () => {
    renderScreen({ error: 'The email address or password is not correct.' });
    expect(screen.getByRole('alert').textContent).toBe('The email address or password is not correct.');
  });

  it('calls onCreateAccount and onSettings when their buttons are clicked', () => {
    const { onCreateAccount, onSettings } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Create Account' }));
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(onCreateAccount).toHaveBeenCalledTimes(1);
    expect(onSettings).toHaveBeenCalledTimes(1);
  });
});
