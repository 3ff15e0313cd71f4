/**
 * One connected browser on the Devices screen: its name, browser and system, when it was last seen;
 * "Rename" opens the name in place; another device can be signed out remotely after a confirm step.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { DeviceView } from '../lib/protocol/devices.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { browserName, checkDeviceName, platformName } from './device-name.ts';
import { relativeTime } from './relative-time.ts';
import { TextField } from './text-field.tsx';

export interface DeviceRowProps {
  device: DeviceView;
  now: number;
  busy: boolean;
  renaming: boolean;
  onStartRename: () => void;
  onEndRename: () => void;
  /** True when renamed; the field then closes. */
  onRename: (name: string) => Promise<boolean>;
  onSignOut: () => void;
}

function RenameForm(props: Pick<DeviceRowProps, 'device' | 'busy' | 'onRename' | 'onEndRename'>) {
  const [value, setValue] = useState(props.device.name);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="rename-form"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const checked = checkDeviceName(value);
        if ('error' in checked) setError(t(checked.error));
        else if (await props.onRename(checked.name)) props.onEndRename();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onEndRename();
        }
      }}
    >
      <TextField label={t('devices_name')} value={value} onInput={(next) => {
          setValue(next);
          setError(null);
        }} error={error} autoFocus required />
      <div class="actions">
        <button type="button" onClick={props.onEndRename}>
          {t('button_cancel')}
        </button>
        <button type="submit" class="primary" disabled={props.busy}>
          {t('button_save')}
        </button>
      </div>
    </form>
  );
}

export function DeviceRow(props: DeviceRowProps) {
  const { device } = props;
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  // Back to "Rename" when the field closes, so the keyboard stays where it was.
  useEffect(() => {
    if (wasRenaming.current && !props.renaming) renameButton.current?.focus();
    wasRenaming.current = props.renaming;
  }, [props.renaming]);
  const kind = t('devices_browserOn', [browserName(device) ?? t('devices_otherBrowser'), platformName(device) ?? t('devices_otherPlatform')]);
  return (
    <li class={device.current ? 'device current' : 'device'}>
      <span class="device-name">{device.name}</span>
      {device.current ? <span class="badge">{t('devices_thisDevice')}</span> : null}
      <span class="device-kind">{kind}</span>
      <span class="device-seen">{t('devices_lastSeenAt', relativeTime(device.lastSeenAt, props.now))}</span>
      {props.renaming ? (
        <RenameForm device={device} busy={props.busy} onRename={props.onRename} onEndRename={props.onEndRename} />
      ) : (
        <div class="device-actions">
          <button ref={renameButton} type="button" class="small" aria-label={t('devices_renameNamed', device.name)} onClick={props.onStartRename}>
            {t('button_rename')}
          </button>
          {device.current ? null : (
            <ConfirmButton
              label={t('button_signOutRemotely')}
              startName={t('devices_signOutNamed', device.name)}
              question={t('devices_signOutConfirm', device.name)}
              busy={props.busy}
              onConfirm={props.onSignOut}
            />
          )}
        </div>
      )}
    </li>
  );
}
