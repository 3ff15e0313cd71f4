/** A labelled input with an optional hint and error, wired for screen readers (aria-describedby). */
import { useId } from 'preact/hooks';

export interface TextFieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'url';
  autocomplete?: string;
  hint?: string | null;
  error?: string | null;
  required?: boolean;
  autoFocus?: boolean;
  onBlur?: () => void;
  spellcheck?: boolean;
  /** Ids of other elements that describe this input (e.g. a rules list). */
  describedBy?: string;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [props.describedBy, props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        // Preact 11 narrows input props per type; the union of our four text-like types is safe here.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        onBlur={props.onBlur}
        autocomplete={props.autocomplete}
        required={props.required}
        autoFocus={props.autoFocus}
        spellcheck={props.spellcheck ?? false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      />
      {props.hint ? (
        <p id={hintId} class="hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
