/** A labelled input with an optional hint and error, wired for screen readers (aria-describedby). */
import { useEffect, useId, useRef } from 'preact/hooks';

export interface TextFieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'url' | 'tel';
  autocomplete?: string;
  hint?: string | null;
  error?: string | null;
  required?: boolean;
  /** Shown and announced, not editable (e.g. the email of an interrupted sign-in). */
  readOnly?: boolean;
  autoFocus?: boolean;
  onBlur?: () => void;
  spellcheck?: boolean;
  /** Ids of other elements that describe this input (e.g. a rules list). */
  describedBy?: string;
  /** The on-screen keyboard to offer ("numeric" for SMS and app codes). */
  inputMode?: 'text' | 'numeric' | 'tel';
  autoCapitalize?: 'off' | 'characters';
  maxLength?: number;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  // The autofocus attribute works once per page; screens that replace each other focus on mount instead.
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [props.describedBy, props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        ref={input}
        id={id}
        // Preact 11 narrows input props per type; the union of our text-like types is safe here.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        onBlur={props.onBlur}
        autocomplete={props.autocomplete}
        required={props.required}
        readOnly={props.readOnly}
        autoFocus={props.autoFocus}
        spellcheck={props.spellcheck ?? false}
        inputmode={props.inputMode}
        autocapitalize={props.autoCapitalize}
        maxLength={props.maxLength}
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
