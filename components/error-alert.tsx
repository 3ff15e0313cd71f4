/** The one place a screen shows what went wrong and what to do next (role=alert is announced). */
export function ErrorAlert(props: { message: string | null }) {
  if (!props.message) return null;
  return (
    <p role="alert" class="alert">
      {props.message}
    </p>
  );
}

/** A polite, non-error status line ("Saved", "A new activation email is on its way."). */
export function StatusNote(props: { message: string | null }) {
  return (
    <p role="status" class="status-note">
      {props.message ?? ''}
    </p>
  );
}
