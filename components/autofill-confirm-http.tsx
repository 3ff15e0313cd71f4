/**
 * "This page is not secure (http)…" with "Fill anyway": the one step between choosing an https login
 * on an http page and filling it (the in-page menu and the popup's Fill both ask it). "Fill anyway"
 * gets the focus, Escape or "Cancel" takes the question back.
 */
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';

export interface AutofillConfirmHttpProps {
  title: string;
  onConfirm: () => void;
  onCancel: () => void;
  class?: string;
}

export function AutofillConfirmHttp(props: AutofillConfirmHttpProps) {
  const textId = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div
      class={props.class ?? 'confirm'}
      role="group"
      aria-labelledby={textId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <p id={textId} class="warning">
        {t('autofill_confirmHttp', props.title)}
      </p>
      <div class="actions">
        <button type="button" onClick={props.onCancel}>
          {t('button_cancel')}
        </button>
        <button ref={confirm} type="button" class="danger" data-action="confirm-fill" onClick={props.onConfirm}>
          {t('button_fillAnyway')}
        </button>
      </div>
    </div>
  );
}
