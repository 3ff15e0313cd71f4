import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { PendingAttempt } from '../lib/messaging/messages.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { SecondFactorStep, type SecondFactorStepProps } from './second-factor-step.tsx';
import { sampleSecondFactor } from '../tests/unit/support/popup-fixtures.ts';

useEnglish();

function renderStep(pending: PendingAttempt = sampleSecondFactor(), props: Partial<SecondFactorStepProps> = {}) {
  const callbacks = { onVerify: vi.fn(), onResendSms: vi.fn(), onBack: vi.fn() };
  const view = render(<SecondFactorStep pending={pending} busy={false} error={null} waitMessage={null} smsResendMessage={null} {...callbacks} {...props} />);
  return { ...view, ...callbacks };
}

const typeInto = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });
const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

describe('SecondFactorStep', () => {
  it('gives every control an accessible name when shown', () => {
    const { container } = renderStep();
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByRole('heading', { name: 'Two-step verification' })).toBeTruthy();
    for (const name of ['Send a new code', 'Verify', 'Back', 'Use a recovery code']) expect(button(name)).toBeTruthy();
  });

  it('says where the SMS went and asks for its code with the numeric keyboard when SMS is expected', () => {
    renderStep();
    expect(screen.getByText('We sent a code to +•• ••• •••• 67.')).toBeTruthy();
    const code = screen.getByRole('textbox', { name: 'Code from SMS' });
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
  });

  it('sends the SMS code without spaces when Verify is clicked', () => {
    const { onVerify } = renderStep();
    typeInto(screen.getByRole('textbox', { name: 'Code from SMS' }), ' 123 456 ');
    fireEvent.click(button('Verify'));
    expect(onVerify).toHaveBeenCalledExactlyOnceWith({ method: 'sms', code: '123456' }, undefined);
  });

  it('asks for the password again and sends it with the code when the background lost it', () => {
    const { onVerify, container } = renderStep(sampleSecondFactor({}, { hasPassword: false }));
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByLabelText<HTMLInputElement>('Password').required).toBe(true);
    typeInto(screen.getByRole('textbox', { name: 'Code from SMS' }), '123456');
    fireEvent.click(button('Verify'));
    expect(onVerify).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Type your password again to continue.');
    typeInto(screen.getByLabelText('Password'), 'Quartz-Lantern-47');
    fireEvent.click(button('Verify'));
    expect(onVerify).toHaveBeenCalledExactlyOnceWith({ method: 'sms', code: '123456' }, 'Quartz-Lantern-47');
  });

  it('needs the password typed again before asking for a new SMS when the background lost it', () => {
    const { onResendSms } = renderStep(sampleSecondFactor({}, { hasPassword: false }));
    fireEvent.click(button('Send a new code'));
    expect(onResendSms).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Type your password again to continue.');
    typeInto(screen.getByLabelText('Password'), 'Quartz-Lantern-47');
    fireEvent.click(button('Send a new code'));
    expect(onResendSms).toHaveBeenCalledExactlyOnceWith('Quartz-Lantern-47');
  });

  it('shows no password field when the background kept the password', () => {
    renderStep();
    expect(screen.queryByLabelText('Password')).toBeNull();
  });

  it('says what is missing and sends nothing when the code is empty', () => {
    const { onVerify } = renderStep();
    fireEvent.click(button('Verify'));
    expect(onVerify).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Enter the code first.');
  });

  it('disables Send a new code and shows the countdown until another SMS may be asked for', () => {
    const { onResendSms } = renderStep(sampleSecondFactor({ smsResendAt: Date.UTC(2030, 0, 1) }), { smsResendMessage: 'You can ask for a new code in 30 seconds.' });
    expect(button('Send a new code').disabled).toBe(true);
    expect(screen.getByRole('timer').textContent).toBe('You can ask for a new code in 30 seconds.');
    fireEvent.click(button('Send a new code'));
    expect(onResendSms).not.toHaveBeenCalled();
  });

  it('calls onResendSms when Send a new code is clicked after the wait', () => {
    const { onResendSms } = renderStep();
    fireEvent.click(button('Send a new code'));
    expect(onResendSms).toHaveBeenCalledExactlyOnceWith(undefined);
  });

  it('disables Verify and shows the wait when attempts are held back', () => {
    renderStep(sampleSecondFactor(), { waitMessage: 'Too many attempts, try again in 8 seconds.' });
    expect(button('Verify').disabled).toBe(true);
    expect(screen.getByText('Too many attempts, try again in 8 seconds.')).toBeTruthy();
  });

  it('starts with the authenticator app and offers the other methods when the hub lists totp first', () => {
    const { container, onVerify } = renderStep(sampleSecondFactor({ methods: ['totp', 'sms', 'recovery'] }));
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.queryByRole('textbox', { name: 'Code from SMS' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Use authenticator app' })).toBeNull();
    typeInto(screen.getByRole('textbox', { name: 'Code from authenticator app' }), '654321');
    fireEvent.click(button('Verify'));
    expect(onVerify).toHaveBeenCalledExactlyOnceWith({ method: 'totp', code: '654321' }, undefined);
  });

  it('asks the hub for the SMS when the user switches to it and none was sent yet', () => {
    const { onResendSms } = renderStep(sampleSecondFactor({ methods: ['totp', 'sms', 'recovery'] }));
    fireEvent.click(button('Use a text message instead'));
    expect(onResendSms).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('textbox', { name: 'Code from SMS' })).toBeTruthy();
    expect(button('Use authenticator app')).toBeTruthy();
  });

  it('does not send another SMS when the user switches back to SMS after one was sent', () => {
    const { onResendSms } = renderStep(sampleSecondFactor({ methods: ['sms', 'recovery'] }));
    fireEvent.click(button('Use a recovery code'));
    fireEvent.click(button('Use a text message instead'));
    expect(onResendSms).not.toHaveBeenCalled();
  });

  it('sends a recovery code as typed (dashes kept) when the user switches to one', () => {
    const { onVerify } = renderStep();
    fireEvent.click(button('Use a recovery code'));
    const field = screen.getByRole('textbox', { name: 'Recovery code' });
    expect(field.getAttribute('autocomplete')).toBe('off');
    typeInto(field, ' abcd-efgh-2345 ');
    fireEvent.click(button('Verify'));
    expect(onVerify).toHaveBeenCalledExactlyOnceWith({ method: 'recovery', code: 'abcd-efgh-2345' }, undefined);
  });

  it('shows the error as an alert and calls onBack when Back is clicked', () => {
    const { onBack } = renderStep(sampleSecondFactor(), { error: 'That code is not correct. Check it and try again.' });
    expect(screen.getByRole('alert').textContent).toBe('That code is not correct. Check it and try again.');
    fireEvent.click(button('Back'));
    expect(onBack).toHaveBeenCalledTimes(1);
  });
});
