/**
 * "Settings → Server address → Save": checks the address, asks the browser for permission to reach
 * it — synchronously, inside the user's click, or Firefox drops the prompt — then lets the
 * background verify that a Tessera hub answers there and store it.
 */
import type { Signal } from '@preact/signals';
import { describeError, t } from '../../lib/i18n/t.ts';
import type { Settings } from '../../lib/messaging/messages.ts';
import { checkServerAddress, originPattern } from '../../lib/protocol/server-address.ts';
import type { Run } from './two-step-model.ts';

export interface SaveServerAddressDeps {
  requestHostPermission: (pattern: string) => Promise<boolean>;
  run: Run;
  settings: Signal<Settings | null>;
  error: Signal<string | null>;
  notice: Signal<string | null>;
}

export function createSaveServerAddress(deps: SaveServerAddressDeps) {
  return function saveServerAddress(address: string): void {
    const check = checkServerAddress(address);
    if (!check.ok) {
      deps.error.value = describeError({ code: 'invalid_server_address' });
      deps.notice.value = null;
      return;
    }
    const permission = deps.requestHostPermission(originPattern(check.origin));
    void (async () => {
      if (!(await permission.catch(() => false))) {
        deps.error.value = describeError({ code: 'server_permission_denied' });
        return;
      }
      const saved = await deps.run('settings.setServerAddress', { address: check.address });
      if (saved) {
        deps.settings.value = saved;
        deps.notice.value = t('settings_saved');
      }
    })();
  };
}
