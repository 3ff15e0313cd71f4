/**
 * The real hub for an end-to-end test (tests/support/hub-process.ts starts it as a child process):
 * on 127.0.0.1 with a free port, an embedded SQLite database in its own folder, mail over SMTP to the
 * test's capture server, and a cheap Argon2 cost so sign-ups stay quick. stop() and start() again
 * keep the port and the database (a hub restart).
 */
import { type HubProcess, startHubProcess } from '../../support/hub-process.ts';

export type { HubProcess } from '../../support/hub-process.ts';

export function startHub(options: { dataDir: string; smtpUrl: string }): Promise<HubProcess> {
  return startHubProcess({
    env: {
      DATA_DIR: options.dataDir,
      SMTP_URL: options.smtpUrl,
      ARGON2_MEMORY_KIB: '4096',
      ARGON2_ITERATIONS: '1',
    },
  });
}
