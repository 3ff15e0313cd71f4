/**
 * The vault header's sync line: "Synced", "N changes waiting", "Offline", "Syncing…", the first
 * download's progress, or the error and "Try again". One polite live region, named by its text;
 * longer explanations sit outside it so they are not announced on every change.
 */
import { useId } from 'preact/hooks';
import { describeError, t, uiLanguage } from '../lib/i18n/t.ts';
import type { SyncStatus } from '../lib/messaging/messages.ts';
import { relativeTime } from './relative-time.ts';

export interface SyncStatusLineProps {
  status: SyncStatus;
  now: number;
  onTryAgain: () => void;
}

const count = (value: number) => new Intl.NumberFormat(uiLanguage()).format(value);

export function pendingText(pending: number): string {
  return pending === 1 ? t('sync_pendingOne') : t('sync_pendingMany', count(pending));
}

/** The main words, and the number of waiting changes when the main words do not already say it. */
function describe(status: SyncStatus): { line: string; pending: string | null } {
  const pending = status.pending > 0 ? pendingText(status.pending) : null;
  const { progress } = status;
  if (status.state === 'syncing' && progress) {
    const line = progress.total === null ? t('sync_downloading', count(progress.done)) : t('sync_downloadingOf', [count(progress.done), count(progress.total)]);
    return { line, pending: null };
  }
  if (status.state === 'error') return { line: t('sync_error', describeError({ code: status.error ?? 'internal_error' })), pending };
  if (status.state === 'offline') return { line: t('sync_offline'), pending };
  if (status.state === 'syncing') return { line: t('sync_syncing'), pending };
  return pending ? { line: pending, pending: null } : { line: t('sync_synced'), pending: null };
}

export function SyncStatusLine({ status, now, onTryAgain }: SyncStatusLineProps) {
  const id = useId();
  if (status.state === 'off') return null;
  const { line, pending } = describe(status);
  const { progress } = status;
  const title = status.state === 'synced' && status.lastSyncedAt !== null ? t('sync_lastSynced', relativeTime(status.lastSyncedAt, now)) : undefined;
  const canRetry = status.state === 'error' || status.state === 'offline';
  return (
    <div class="sync-status" data-state={status.state}>
      <p role="status" class="sync-line" aria-labelledby={pending ? `${id}-line ${id}-pending` : `${id}-line`}>
        <span id={`${id}-line`} title={title}>
          {line}
        </span>
        {pending ? (
          <span id={`${id}-pending`} class="sync-pending">
            {pending}
          </span>
        ) : null}
      </p>
      {status.state === 'syncing' && progress ? (
        <progress aria-label={t('sync_progress')} value={progress.total === null ? undefined : progress.done} max={progress.total ?? undefined} />
      ) : null}
      {status.state === 'offline' ? <p class="hint">{t('sync_offlineHint')}</p> : null}
      {canRetry ? (
        <button type="button" class="small" onClick={onTryAgain}>
          {t('button_tryAgain')}
        </button>
      ) : null}
    </div>
  );
}
