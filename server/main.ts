/**
 * Starts the hub: `npm run hub` (or `npm start`, which builds the extension first and passes
 * --announce-extension). Configuration comes from the environment; see README "Configuration".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPasswordHasher } from './accounts/password-hasher.ts';
import { buildHub } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, type HubConfig, loadConfig } from './config.ts';
import { type HubDatabase, openDatabase } from './db/database.ts';
import { startJanitor, sweepExpiredRows } from './maintenance/janitor.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

function databaseFor(config: HubConfig): Promise<HubDatabase> {
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize })
    : openDatabase({ kind: 'sqlite', file: path.join(config.dataDir, 'tessera.sqlite') });
}

function announceExtension(config: HubConfig): void {
  const chrome = path.join(root, '.output', 'chrome-mv3');
  const firefox = path.join(root, '.output', 'firefox-mv3');
  console.log(`
  Tessera is running.

  Hub (My Tessera):     ${config.publicUrl}
  Development outbox:   ${config.devMode ? `${config.publicUrl}/dev/outbox  (activation mail lands here${config.smtpUrl ? ' — SMTP_URL is set, so mail goes out by SMTP instead' : ''})` : 'off (production mode)'}

  The built extension:
    Chrome / Chromium:  ${chrome}
      open chrome://extensions → turn on "Developer mode" → "Load unpacked" → choose that folder
    Firefox:            ${firefox}
      open about:debugging#/runtime/this-firefox → "Load Temporary Add-on…" → choose manifest.json in that folder

  Then click the Tessera icon in the toolbar and choose "Create Account".
`);
}

async function main(): Promise<void> {
  let config: HubConfig;
  try {
    config = loadConfig(process.env, version);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  const database = await databaseFor(config);
  const hasher = await createPasswordHasher(config.argon2);
  const app = await buildHub({ config, database, hasher });
  const stopJanitor = startJanitor(
    () => sweepExpiredRows(database.db, systemClock, config.refreshTokenTtlDays),
    (error) => app.log.error({ err: error }, 'janitor failed'),
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopJanitor();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  app.log.info({ database: database.kind, location: database.location, devMode: config.devMode }, 'hub ready');
  if (process.argv.includes('--announce-extension')) announceExtension(config);
}

main().catch((error: unknown) => {
  console.error(`The hub could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
