/**
 * The Devices screen's actions: rename a device, sign another one out remotely. The background
 * answers with the refreshed session status, which both the account and the Devices screen show.
 */
import type { Signal } from '@preact/signals';
import { t } from '../../lib/i18n/t.ts';
import type { MessageError, SessionStatus } from '../../lib/messaging/messages.ts';
import type { Run } from './two-step-model.ts';

export interface DevicesModelDeps {
  run: Run;
  status: Signal<SessionStatus | null>;
  notice: Signal<string | null>;
  /** Mirrors a session status the background answered (may be signed_out: back to sign-in). */
  apply: (next: SessionStatus) => void;
  /** Reads the account and its devices from the hub again, without the busy flag. */
  refresh: () => Promise<void>;
}

export function createDevicesModel(deps: DevicesModelDeps) {
  const nameOf = (id: string) => {
    const current = deps.status.value;
    return (current?.state === 'signed_in' && current.devices?.find((device) => device.id === id)?.name) || '';
  };
  // Another device signed this one out or removed it meanwhile: show the list as the hub has it now.
  const onFailure = (failure: MessageError) => {
    if (failure.code === 'device_not_found') void deps.refresh();
  };

  return {
    /** True when renamed (the field closes). `name` is already checked and trimmed by the form. */
    async rename(id: string, name: string): Promise<boolean> {
      const next = await deps.run('devices.rename', { id, name }, onFailure);
      if (!next) return false;
      deps.apply(next);
      if (next.state === 'signed_in') deps.notice.value = t('devices_renamed');
      return true;
    },

    async signOut(id: string): Promise<boolean> {
      const name = nameOf(id);
      const next = await deps.run('devices.signOut', { id }, onFailure);
      if (!next) return false;
      deps.apply(next);
      if (next.state === 'signed_in') deps.notice.value = t('devices_signedOut', name);
      return true;
    },
  };
}

export type DevicesModel = ReturnType<typeof createDevicesModel>;
