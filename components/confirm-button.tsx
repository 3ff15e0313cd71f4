/**
 * A destructive action with a confirm step ("Delete forever", "Empty trash"): the first click asks,
 * the same-named button in the question does it, "Cancel" (or Escape) takes the question back.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';

export interface ConfirmButtonProps {
  label: string;
  /** The first button's accessible name when its label alone is ambiguous ("Sign out Firefox on Windows remotely"). */
  startName?: string;
  question: string;
  busy: boolean;
  onConfirm: () => void;
}

export function ConfirmButton(props: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (wasAsking.current) start.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button ref={start} type="button" class="danger" aria-label={props.startName} onClick={() => setAsking(true)} disabled={props.busy}>
        {props.label}
      </button>
    );
  }
  return (
    <div
      class="confirm"
      role="group"
      aria-labelledby={questionId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          setAsking(false);
        }
      }}
    >
      <p id={questionId}>{props.question}</p>
      <div class="actions">
        <button type="button" onClick={() => setAsking(false)}>
          {t('button_cancel')}
        </button>
        <button ref={confirm} type="button" class="danger" aria-describedby={questionId} onClick={props.onConfirm} disabled={props.busy}>
          {props.label}
        </button>
      </div>
    </div>
  );
}
