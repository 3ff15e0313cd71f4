/** The browsers connected to the account; this one is marked. */
import type { DeviceView } from '../lib/protocol/devices.ts';
import { t } from '../lib/i18n/t.ts';
import { relativeTime } from './relative-time.ts';

export function DeviceList(props: { devices: DeviceView[] | null; now: number }) {
  return (
    <section class="devices" aria-labelledby="devices-heading">
      <h2 id="devices-heading">{t('devices_heading')}</h2>
      {props.devices === null ? (
        <p class="hint">{t('devices_none')}</p>
      ) : (
        <ul aria-labelledby="devices-heading" class="device-list">
          {props.devices.map((device) => (
            <li key={device.id} class={device.current ? 'current' : undefined}>
              <span class="device-name">{device.name}</span>
              {device.current ? <span class="badge">{t('devices_thisDevice')}</span> : null}
              <span class="device-seen">{t('devices_lastSeen', relativeTime(device.lastSeenAt, props.now))}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
