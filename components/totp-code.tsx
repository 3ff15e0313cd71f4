/**
 * The current authenticator code of a login, asked from the background every second (the secret
 * stays there), with the seconds until it changes and "Copy code".
 */
import { useEffect, useState } from 'preact/hooks';
import type { TotpCode as Code } from '../lib/messaging/messages.ts';
import { t } from '../lib/i18n/t.ts';

export function TotpCode(props: { loadCode: () => Promise<Code | null>; onCopy: (code: string) => void }) {
  const [code, setCode] = useState<Code | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    const tick = () =>
      void props.loadCode().then((next) => {
        if (!live) return;
        setCode(next);
        setFailed(next === null);
      });
    tick();
    const timer = setInterval(tick, 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return (
    <div class="item-field">
      <dt>{t('item_code')}</dt>
      <dd>
        {failed ? (
          <span class="hint">{t('item_codeUnavailable')}</span>
        ) : code ? (
          <>
            <code class="totp">{code.code}</code> <span class="hint">{t('item_codeRemaining', String(code.remainingSeconds))}</span>{' '}
            <button type="button" class="small" onClick={() => props.onCopy(code.code)}>
              {t('button_copyCode')}
            </button>
          </>
        ) : (
          <span class="hint">{t('loading')}</span>
        )}
      </dd>
    </div>
  );
}
