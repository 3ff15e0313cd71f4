/**
 * The "Two-step verification" screen's state and actions (account settings): phone + SMS, the
 * authenticator app, and the recovery codes shown once. The background talks to the hub; the
 * account password passes through here only as an argument and is never kept.
 */
import { computed, type Signal, signal } from '@preact/signals';
import { formatWait, t } from '../../lib/i18n/t.ts';
import type { MessageError, MessageType, RequestOf, ResponseMap } from '../../lib/messaging/messages.ts';
import type { TotpEnrolment, TwoStepStatus } from '../../lib/protocol/two-step.ts';
import type { Clock } from './clock.ts';

/** One background call with the popup's busy flag and error display; the value, or null on failure. */
export type Run = <T extends MessageType>(type: T, payload: RequestOf<T>, onFailure?: (failure: MessageError) => void) => Promise<ResponseMap[T] | null>;

export interface TwoStepModelDeps {
  run: Run;
  notice: Signal<string | null>;
  clock: Clock;
}

/** People type numbers with spaces ("+49 151 …"); the hub checks the rest (E.164). */
const compactPhone = (phone: string) => phone.replace(/\s+/g, '');

export function createTwoStepModel({ run, notice, clock }: TwoStepModelDeps) {
  const status = signal<TwoStepStatus | null>(null);
  /** The number the last verification code went to, until it is verified. */
  const codeSentTo = signal<string | null>(null);
  /** No new phone code before this time (epoch ms): the hub's resend delay or its Retry-After. */
  const sendAgainAt = signal<number | null>(null);
  const enrolment = signal<TotpEnrolment | null>(null);
  const recoveryCodes = signal<string[] | null>(null);
  const sendAgainIn = computed(() => clock.secondsUntil(sendAgainAt.value));

  function waitFor(seconds: number) {
    clock.sync();
    sendAgainAt.value = clock.now.value + seconds * 1000;
  }

  async function changeStatus<T extends 'twoStep.verifyPhone' | 'twoStep.setSms' | 'twoStep.disableTotp'>(type: T, payload: RequestOf<T>, done: string): Promise<boolean> {
    const next = (await run(type, payload)) as TwoStepStatus | null;
    if (!next) return false;
    status.value = next;
    notice.value = done;
    return true;
  }

  return {
    status,
    codeSentTo,
    sendAgainAt,
    enrolment,
    recoveryCodes,
    /** "You can send a new code in 30 seconds", or null when a code may be sent now. */
    sendAgainMessage: computed(() => (sendAgainIn.value > 0 ? t('twoStep_sendAgainIn', formatWait(sendAgainIn.value)) : null)),

    reset() {
      status.value = null;
      codeSentTo.value = null;
      sendAgainAt.value = null;
      enrolment.value = null;
      recoveryCodes.value = null;
    },

    async load() {
      const next = await run('twoStep.status', {});
      if (next) status.value = next;
    },

    async sendPhoneCode(phone: string, password: string): Promise<boolean> {
      const number = compactPhone(phone);
      const sent = await run('twoStep.setPhone', { phone: number, password }, (failure) => {
        if (failure.code === 'rate_limited' && failure.retryAfterSeconds) waitFor(failure.retryAfterSeconds);
      });
      if (!sent) return false;
      codeSentTo.value = number;
      waitFor(sent.smsResendIn);
      return true;
    },

    async verifyPhone(code: string): Promise<boolean> {
      const verified = await changeStatus('twoStep.verifyPhone', { code: code.replace(/\s+/g, '') }, t('twoStep_phoneVerifiedNotice'));
      if (verified) {
        codeSentTo.value = null;
        sendAgainAt.value = null;
      }
      return verified;
    },

    setSms: (enabled: boolean, password: string) =>
      changeStatus('twoStep.setSms', { enabled, password }, t(enabled ? 'twoStep_smsOnNotice' : 'twoStep_smsOffNotice')),

    async startTotp(password: string): Promise<boolean> {
      const started = await run('twoStep.startTotp', { password });
      if (started) enrolment.value = started;
      return started !== null;
    },

    cancelTotp() {
      enrolment.value = null;
    },

    async confirmTotp(code: string): Promise<boolean> {
      const confirmed = await run('twoStep.confirmTotp', { code: code.replace(/\s+/g, '') }, (failure) => {
        // The hub forgot the enrolment (expired or replaced): starting again is the only way on.
        if (failure.code === 'totp_not_started') enrolment.value = null;
      });
      if (!confirmed) return false;
      enrolment.value = null;
      recoveryCodes.value = confirmed.recoveryCodes;
      if (status.value) status.value = { ...status.value, totp: true, recoveryCodesLeft: confirmed.recoveryCodes.length };
      notice.value = t('twoStep_totpOnNotice');
      return true;
    },

    /** "I have saved these codes": they are never shown again. */
    recoveryCodesSaved() {
      recoveryCodes.value = null;
    },

    disableTotp: (password: string) => changeStatus('twoStep.disableTotp', { password }, t('twoStep_totpOffNotice')),
  };
}

export type TwoStepModel = ReturnType<typeof createTwoStepModel>;
