/** Devices: every browser connected to the account, with rename and "Sign out remotely" for the others. */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { DeviceView } from '../lib/protocol/devices.ts';
import { DeviceRow } from './device-row.tsx';
import { ErrorAlert, StatusNote } from './error-alert.tsx';
import { useFocusHeading } from './use-focus-heading.ts';

export interface DevicesScreenProps {
  /** null until the list could be read from the hub. */
  devices: DeviceView[] | null;
  now: number;
  busy: boolean;
  error: string | null;
  notice: string | null;
  onRename: (id: string, name: string) => Promise<boolean>;
  onSignOut: (id: string) => void;
  onBack: () => void;
}

export function DevicesScreen(props: DevicesScreenProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  // Focus starts on the heading, and returns there when a signed-out device leaves the list.
  const heading = useFocusHeading([props.devices?.length]);
  return (
    <section class="screen devices-screen" aria-labelledby="devices-screen-heading">
      <div class="view-top">
        <button type="button" onClick={props.onBack}>
          {t('button_back')}
        </button>
      </div>
      <h1 id="devices-screen-heading" ref={heading} tabIndex={-1}>
        {t('devices_screenHeading')}
      </h1>
      <StatusNote message={props.notice} />
      <ErrorAlert message={props.error} />
      {props.devices === null ? (
        <p class="hint">{t('devices_none')}</p>
      ) : (
        <ul class="device-list" aria-label={t('devices_heading')}>
          {props.devices.map((device) => (
            <DeviceRow
              key={device.id}
              device={device}
              now={props.now}
              busy={props.busy}
              renaming={renaming === device.id}
              onStartRename={() => setRenaming(device.id)}
              onEndRename={() => setRenaming(null)}
              onRename={(name) => props.onRename(device.id, name)}
              onSignOut={() => props.onSignOut(device.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
