import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { TotpEnrolment } from '../lib/protocol/two-step.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { sampleTwoStepStatus } from '../tests/unit/support/popup-fixtures.ts';
import { type TwoStepActions, TwoStepScreen, type TwoStepScreenProps } from './two-step-screen.tsx';
import { groupSecret } from './two-step-totp.tsx';

useEnglish();

const ENROLMENT: TotpEnrolment = {
  secret: 'JBSWY3DPEHPK3PXP',
  otpauthUri: 'otpauth://totp/Tessera:someone%40example.com?secret=JBSWY3DPEHPK3PXP',
  qrCode: 'data:image/png;base64,cXI=',
};
const CODES = Array.from({ length: 10 }, (_, index) => `code-${index}`);

function renderScreen(props: Partial<TwoStepScreenProps> = {}, succeed = true) {
  const done = async () => succeed;
  const actions: TwoStepActions = {
    load: vi.fn(),
    sendPhoneCode: vi.fn(done),
    verifyPhone: vi.fn(done),
    setSms: vi.fn(done),
    startTotp: vi.fn(done),
    confirmTotp: vi.fn(done),
    cancelTotp: vi.fn(),
    disableTotp: vi.fn(done),
    recoveryCodesSaved: vi.fn(),
  };
  const onBack = vi.fn();
  const view = render(
    <TwoStepScreen
      status={sampleTwoStepStatus()}
      busy={false}
      error={null}
      notice={null}
      codeSentTo={null}
      sendAgainMessage={null}
      enrolment={null}
      recoveryCodes={null}
      actions={actions}
      onBack={onBack}
      {...props}
    />,
  );
  return { ...view, actions, onBack };
}

const typeInto = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });
const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });
const password = () => screen.getByLabelText<HTMLInputElement>('Account password');

describe('TwoStepScreen', () => {
  it('gives every control an accessible name and says two-step is off when nothing is set up', () => {
    const { container } = renderScreen();
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByRole('heading', { name: 'Two-step verification' })).toBeTruthy();
    expect(screen.getByText(/Two-step verification is off/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Phone number' }).getAttribute('type')).toBe('tel');
    expect(screen.getByText('Start with + and the country code, for example +49 151 23456789.')).toBeTruthy();
    expect(password().type).toBe('password');
    for (const name of ['Send code', 'Set up authenticator app', 'Back']) expect(button(name)).toBeTruthy();
  });

  it('shows Loading… while the status loads, and Refresh after loading failed', () => {
    const { rerender, actions } = renderScreen({ status: null, busy: true });
    expect(screen.getByText('Loading…')).toBeTruthy();
    rerender(<TwoStepScreen {...{ status: null, busy: false, error: 'Something went wrong. Try again.', notice: null, codeSentTo: null, sendAgainMessage: null, enrolment: null, recoveryCodes: null, actions, onBack: vi.fn() }} />);
    expect(screen.getByRole('alert').textContent).toBe('Something went wrong. Try again.');
    fireEvent.click(button('Refresh'));
    expect(actions.load).toHaveBeenCalledTimes(1);
  });

  it('asks for the account password and sends nothing when Send code is clicked without it', () => {
    const { actions } = renderScreen();
    typeInto(screen.getByRole('textbox', { name: 'Phone number' }), '+49 151 23456789');
    fireEvent.click(button('Send code'));
    expect(actions.sendPhoneCode).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Enter your account password first.');
  });

  it('says what a phone number looks like and sends nothing when it is empty', () => {
    const { actions } = renderScreen();
    typeInto(password(), 'Quartz-Lantern-47');
    fireEvent.click(button('Send code'));
    expect(actions.sendPhoneCode).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/\+ and the country code/);
  });

  it('sends the phone with the password and then empties the password when Send code succeeds', async () => {
    const { actions } = renderScreen();
    typeInto(screen.getByRole('textbox', { name: 'Phone number' }), '+49 151 23456789');
    typeInto(password(), 'Quartz-Lantern-47');
    fireEvent.click(button('Send code'));
    expect(actions.sendPhoneCode).toHaveBeenCalledExactlyOnceWith('+49 151 23456789', 'Quartz-Lantern-47');
    await vi.waitFor(() => expect(password().value).toBe(''));
  });

  it('keeps the password when the change fails', async () => {
    const { actions } = renderScreen({}, false);
    typeInto(screen.getByRole('textbox', { name: 'Phone number' }), '+491512345678');
    typeInto(password(), 'typo');
    fireEvent.click(button('Send code'));
    await vi.waitFor(() => expect(actions.sendPhoneCode).toHaveBeenCalled());
    await Promise.resolve();
    expect(password().value).toBe('typo');
  });

  it('asks for the code from the SMS and verifies it when a code was sent', () => {
    const { actions } = renderScreen({ status: sampleTwoStepStatus({ phone: '+491512345678' }), codeSentTo: '+491512345678' });
    expect(screen.getByText('We sent a code to +491512345678. Enter it to verify the number.')).toBeTruthy();
    const code = screen.getByRole('textbox', { name: 'Code from SMS' });
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    typeInto(code, '123456');
    fireEvent.click(button('Verify phone'));
    expect(actions.verifyPhone).toHaveBeenCalledExactlyOnceWith('123456');
  });

  it('disables Send code and shows the countdown when another code must wait', () => {
    renderScreen({ codeSentTo: '+491512345678', sendAgainMessage: 'You can send a new code in 30 seconds.' });
    expect(button('Send code').disabled).toBe(true);
    expect(screen.getByRole('timer').textContent).toBe('You can send a new code in 30 seconds.');
  });

  it('turns SMS two-step on with the password when the phone is verified', () => {
    const { actions, container } = renderScreen({ status: sampleTwoStepStatus({ phone: '+491512345678', phoneVerified: true }) });
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByText('Phone number: +491512345678 (verified)')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Phone number' })).toBeNull();
    typeInto(password(), 'Quartz-Lantern-47');
    fireEvent.click(button('Turn on two-step verification by SMS'));
    expect(actions.setSms).toHaveBeenCalledExactlyOnceWith(true, 'Quartz-Lantern-47');
  });

  it('turns SMS two-step off with the password and says it is on when it is on', () => {
    const { actions } = renderScreen({ status: sampleTwoStepStatus({ phone: '+491512345678', phoneVerified: true, sms: true }) });
    expect(screen.getByText(/Two-step verification is on/)).toBeTruthy();
    typeInto(password(), 'Quartz-Lantern-47');
    fireEvent.click(button('Turn off two-step verification by SMS'));
    expect(actions.setSms).toHaveBeenCalledExactlyOnceWith(false, 'Quartz-Lantern-47');
  });

  it('offers the phone form again when Change phone number is clicked', () => {
    renderScreen({ status: sampleTwoStepStatus({ phone: '+491512345678', phoneVerified: true }) });
    fireEvent.click(button('Change phone number'));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Phone number' }).value).toBe('+491512345678');
  });

  it('starts the authenticator setup with the password when Set up authenticator app is clicked', () => {
    const { actions } = renderScreen();
    typeInto(password(), 'Quartz-Lantern-47');
    fireEvent.click(button('Set up authenticator app'));
    expect(actions.startTotp).toHaveBeenCalledExactlyOnceWith('Quartz-Lantern-47');
  });

  it('shows the QR code and the key in groups of four and confirms the first code when setting up', () => {
    const { actions, container } = renderScreen({ enrolment: ENROLMENT });
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByRole<HTMLImageElement>('img', { name: 'QR code for your authenticator app' }).src).toBe(ENROLMENT.qrCode);
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP')).toBeTruthy();
    typeInto(screen.getByRole('textbox', { name: 'Code from the app' }), '123 456');
    fireEvent.click(button('Confirm'));
    expect(actions.confirmTotp).toHaveBeenCalledExactlyOnceWith('123 456');
    fireEvent.click(button('Cancel'));
    expect(actions.cancelTotp).toHaveBeenCalledTimes(1);
  });

  it('shows the ten recovery codes once, and nothing to change, until they are saved', () => {
    const { actions } = renderScreen({ recoveryCodes: CODES, notice: 'The authenticator app is on.' });
    const items = within(screen.getByRole('list', { name: 'Recovery codes' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(CODES);
    expect(screen.queryByLabelText('Account password')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    fireEvent.click(button('I have saved these codes'));
    expect(actions.recoveryCodesSaved).toHaveBeenCalledTimes(1);
  });

  it('turns the authenticator app off with the password and says how many recovery codes are left when it is on', () => {
    const { actions } = renderScreen({ status: sampleTwoStepStatus({ totp: true, recoveryCodesLeft: 7 }) });
    expect(screen.getByText('The authenticator app is on. Recovery codes left: 7.')).toBeTruthy();
    typeInto(password(), 'Quartz-Lantern-47');
    fireEvent.click(button('Turn off authenticator app'));
    expect(actions.disableTotp).toHaveBeenCalledExactlyOnceWith('Quartz-Lantern-47');
  });

  it('shows the error as an alert and the notice as a status, and calls onBack when Back is clicked', () => {
    const { onBack } = renderScreen({ error: 'The account password is not correct.', notice: 'Your phone number is verified.' });
    expect(screen.getByRole('alert').textContent).toBe('The account password is not correct.');
    expect(screen.getByRole('status').textContent).toBe('Your phone number is verified.');
    fireEvent.click(button('Back'));
    expect(onBack).toHaveBeenCalledTimes(1);
  });
});

describe('groupSecret', () => {
  it.each([
    ['JBSWY3DPEHPK3PXP', 'JBSW Y3DP EHPK 3PXP'],
    ['ABCDEF', 'ABCD EF'],
    ['ABCD', 'ABCD'],
  ])('groups %s as "%s" when shown', (secret, grouped) => {
    expect(groupSecret(secret)).toBe(grouped);
  });
});
