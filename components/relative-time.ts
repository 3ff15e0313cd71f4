/** "3 hours ago", "now", "yesterday" in the UI language, for last-seen and last-synced times. */
import { uiLanguage } from '../lib/i18n/t.ts';

const STEPS: readonly [number, Intl.RelativeTimeFormatUnit][] = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [30, 'day'],
  [12, 'month'],
];

/** `at` as epoch ms or an ISO date, relative to `now`; a time slightly ahead (clock skew) reads as "now". */
export function relativeTime(at: number | string, now: number): string {
  const when = typeof at === 'number' ? at : Date.parse(at);
  const format = new Intl.RelativeTimeFormat(uiLanguage(), { numeric: 'auto' });
  let value = Math.round((when - now) / 1000);
  for (const [size, unit] of STEPS) {
    if (Math.abs(value) < size) return format.format(unit === 'second' ? Math.min(0, value) : value, unit);
    value = Math.round(value / size);
  }
  return format.format(value, 'year');
}
