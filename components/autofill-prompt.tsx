/**
 * The save/update prompt (entrypoints/save-prompt): an extension page the top frame shows at its
 * top-right, 360×220, after a form was submitted with a new or changed password. It never sees the
 * password: the background keeps it with the offer and saves it on "Save"/"Update". The background
 * also removes the frame after save, "Never for this site" and "Not now".
 */
import { useEffect, useState } from 'preact/hooks';
import type { PromptDetails } from '../lib/autofill/protocol.ts';
import { describeError, t } from '../lib/i18n/t.ts';
import type { MessageError } from '../lib/messaging/messages.ts';
import { type PageSend, TesseraMark } from './autofill-page.tsx';
import { ErrorAlert, StatusNote } from './error-alert.tsx';
import { TextField } from './text-field.tsx';

export interface AutofillPromptProps {
  send: PageSend;
  token: string | null;
}

type Phase = 'loading' | 'asking' | 'expired' | 'done';

export function AutofillPrompt({ send, token }: AutofillPromptProps) {
  const [details, setDetails] = useState<PromptDetails | null>(null);
  const [phase, setPhase] = useState<Phase>(token ? 'loading' : 'expired');
  const [title, setTitle] = useState('');
  const [username, setUsername] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const fail = (failure: MessageError) => (failure.code === 'autofill_expired' ? setPhase('expired') : setError(describeError(failure)));

  useEffect(() => {
    if (!token) return;
    void send('autofillPrompt.details', { token }).then((result) => {
      if (!result.ok) return fail(result.error);
      setDetails(result.value);
      setTitle(result.value.title);
      setUsername(result.value.username);
      setPhase('asking');
    });
  }, []);

  /** One answer per offer: buttons stay disabled while it is on its way and after it went through. */
  async function answer<T>(call: (token: string) => Promise<{ ok: true; value: T } | { ok: false; error: MessageError }>, done: (value: T) => void) {
    if (!token || busy) return;
    setBusy(true);
    setError(null);
    const result = await call(token);
    setBusy(false);
    if (!result.ok) return fail(result.error);
    setPhase('done');
    done(result.value);
  }

  const save = () => answer((current) => send('autofillPrompt.save', { token: current, title, username }), () => setNotice(t('prompt_saved')));
  const never = () => answer((current) => send('autofillPrompt.never', { token: current }), ({ site }) => setNotice(t('prompt_never', site)));
  const dismiss = () => answer((current) => send('autofillPrompt.dismiss', { token: current }), () => {});

  const update = details?.kind === 'update';
  const heading = !details ? t('extName') : update ? t('prompt_updateHeading', details.itemTitle ?? details.host) : t('prompt_saveHeading', details.host);
  const disabled = busy || phase !== 'asking';
  return (
    <form
      class="prompt"
      aria-labelledby="prompt-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && phase === 'asking') void dismiss();
      }}
    >
      <header class="prompt-header">
        <TesseraMark />
        <h1 id="prompt-heading">{heading}</h1>
      </header>
      {phase === 'expired' ? <p class="prompt-message">{t('prompt_expired')}</p> : null}
      {phase === 'loading' && !error ? <p class="hint">{t('loading')}</p> : null}
      {details && phase !== 'expired' ? (
        <>
          <div class="prompt-fields">
            {update ? null : <TextField label={t('field_title')} value={title} onInput={setTitle} readOnly={disabled} />}
            <TextField label={t('field_username')} value={username} onInput={setUsername} autocomplete="off" readOnly={disabled} />
          </div>
          <ErrorAlert message={error} />
          <StatusNote message={notice} />
          <div class="actions">
            <button type="button" class="link" data-action="never" disabled={disabled} onClick={() => void never()}>
              {t('button_neverForSite')}
            </button>
            <button type="button" data-action="dismiss" disabled={disabled} onClick={() => void dismiss()}>
              {t('button_notNow')}
            </button>
            <button type="submit" class="primary" data-action="save" disabled={disabled} aria-busy={busy}>
              {t(update ? 'button_update' : 'button_save')}
            </button>
          </div>
        </>
      ) : (
        <ErrorAlert message={phase === 'expired' ? null : error} />
      )}
    </form>
  );
}
