/** The browsers connected to the account; this one is marked. */
import type { DeviceView } from '../lib/protocol/devices.ts';
import { t, uiLanguage } from '../lib/i18n/t.ts';

function relativeTime(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(uiLanguage(), { numeric: 'auto' });
  const steps: [number, Intl.RelativeTimeFormatUnit][] = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [30, 'day'],
    [12, 'month'],
  ];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return format.format(unit === 'second' ? Math.min(0, value) : value, unit);
    value = Math.round(value / size);
  }
  return format.format(value, 'year');
}

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
