/**
 * The foot of an interrupted sign-in step (Security Check, two-step code): the wait the background
 * imposes, shown as a live timer, then "Back" and the step's submit button, held disabled while busy
 * or while the wait runs (and described by it, so a screen reader says why).
 */
import { useId } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import { WaitNote } from './wait-note.tsx';

export interface StepActionsProps {
  submitLabel: string;
  busy: boolean;
  /** "Too many attempts, try again in …"; null when attempts are free. */
  waitMessage: string | null;
  onBack: () => void;
}

export function StepActions(props: StepActionsProps) {
  const waitId = useId();
  return (
    <>
      <WaitNote id={waitId} message={props.waitMessage} />
      <div class="actions">
        <button type="button" onClick={props.onBack}>
          {t('button_back')}
        </button>
        <button
          type="submit"
          class="primary"
          disabled={props.busy || props.waitMessage !== null}
          aria-busy={props.busy}
          aria-describedby={props.waitMessage ? waitId : undefined}
        >
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}
