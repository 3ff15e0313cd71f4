/** "Too many attempts, try again in 4 seconds": the live wait a submit button is held back by. */
export function WaitNote(props: { id: string; message: string | null }) {
  return props.message ? (
    <p id={props.id} class="wait" role="timer">
      {props.message}
    </p>
  ) : null;
}
