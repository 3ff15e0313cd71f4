/**
 * The hub's composition root: builds a Fastify instance from its parts. No I/O happens here except
 * what the parts do when called, so tests build a hub per case with their own database and mailer.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { accountRoutes } from './accounts/account-routes.ts';
import { createAccountService } from './accounts/account-service.ts';
import { commonPasswordList } from './accounts/common-password-list.ts';
import type { PasswordHasher } from './accounts/password-hasher.ts';
import { type Clock, systemClock } from './clock.ts';
import type { HubConfig } from './config.ts';
import type { HubDatabase } from './db/database.ts';
import { outboxRoutes } from './dev/outbox-routes.ts';
import { deviceRoutes } from './devices/device-routes.ts';
import { eventsRoutes, installWebsocket } from './events/events-routes.ts';
import { createNotifier, type Notifier } from './events/notifier.ts';
import { answerFrameworkError, installErrorHandling } from './http/error-handler.ts';
import { metaRoutes } from './http/meta-routes.ts';
import { loggerOptions } from './logger.ts';
import type { Mailer } from './mail/mailer.ts';
import { createOutboxMailer } from './mail/outbox-mailer.ts';
import { createSmtpMailer } from './mail/smtp-mailer.ts';
import { activationPage } from './pages/activation-page.ts';
import { createAbuseGuard } from './security-check/abuse-guard.ts';
import { createCaptchaService } from './security-check/captcha-service.ts';
import { type CounterStore, createCounterStore } from './security-check/counter-store.ts';
import { fixedWindow } from './security-check/failure-counters.ts';
import { securityCheckRoutes } from './security-check/security-check-routes.ts';
import { sessionRoutes } from './sessions/session-routes.ts';
import { createSessionService } from './sessions/session-service.ts';
import { createHttpSmsGateway } from './sms/http-sms-gateway.ts';
import { createOutboxSmsSender } from './sms/outbox-sms-sender.ts';
import type { SmsSender } from './sms/sms-sender.ts';
import { createSecretBox } from './two-step/secret-box.ts';
import { createSmsCodes } from './two-step/sms-codes.ts';
import { createTwoStepService } from './two-step/two-step-service.ts';
import { twoStepRoutes } from './two-step/two-step-routes.ts';
import { createKeysetService } from './vault/keyset-service.ts';
import { keysetRoutes } from './vault/keyset-routes.ts';
import { createSyncService } from './vault/sync-service.ts';
import { syncRoutes } from './vault/sync-routes.ts';

export interface HubDeps {
  config: HubConfig;
  database: HubDatabase;
  hasher: PasswordHasher;
  clock?: Clock;
  /** Overrides the mailer chosen from the config (SMTP_URL set → SMTP, else the dev outbox). */
  mailer?: Mailer;
  /** Overrides the SMS sender chosen from the config (gateway, dev outbox, or none in production). */
  smsSender?: SmsSender | null;
  /** Overrides the rate-limit counter store chosen from the config (REDIS_URL → Redis, else memory). */
  counterStore?: CounterStore;
  /** Overrides the pino logger options (tests pass `false`). */
  logger?: FastifyServerOptions['logger'];
  /** Told the account's new vault revision after each push that applied something (default: nobody). */
  onVaultRevision?: (accountId: string, revision: number) => void;
  /** Overrides the change-notification fan-out chosen from the config (see events/notifier.ts). */
  notifier?: Notifier;
  /** `/v1/events` timings; tests shorten them (defaults: EVENTS_HELLO_TIMEOUT_MS, 30 s heartbeat). */
  events?: { helloTimeoutMs?: number; heartbeatMs?: number };
}

/** Extension pages call the hub from these origins; tokens are bearer headers, never cookies. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[a-z0-9-]+$/i;

export async function buildHub(deps: HubDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: parseTrustProxy(config.trustProxy),
    return503OnClosing: true,
    frameworkErrors: answerFrameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('session', null);
  // JSON only: any other body type is answered 415 instead of being half-parsed.
  app.removeContentTypeParser(['text/plain']);
  installErrorHandling(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && EXTENSION_ORIGIN.test(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization'],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'My Tessera hub API',
        version: config.version,
        description: 'Accounts, sessions, devices, the Security Check, two-step verification and the vault keyset of Tessera.',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });

  const mailer =
    deps.mailer ??
    (config.smtpUrl
      ? createSmtpMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom })
      : createOutboxMailer({ db: database.db, clock, outboxUrl: `${config.publicUrl}/dev/outbox`, log: app.log }));
  app.addHook('onClose', async () => mailer.close());

  const smsSender =
    deps.smsSender !== undefined
      ? deps.smsSender
      : config.smsGateway
        ? createHttpSmsGateway(config.smsGateway)
        : config.devMode
          ? createOutboxSmsSender({ db: database.db, clock, outboxUrl: `${config.publicUrl}/dev/outbox`, log: app.log })
          : null;
  app.addHook('onClose', async () => smsSender?.close());
  const counterStore = deps.counterStore ?? createCounterStore({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix });
  if (!deps.counterStore) app.addHook('onClose', async () => counterStore.close());
  if (config.env === 'production' && !config.totpEncryptionKey) {
    app.log.warn('TOTP_ENCRYPTION_KEY is not set: authenticator-app secrets are stored unsealed in the database');
  }
  if (!(await counterStore.ready())) {
    app.log.warn('Redis does not answer: rate limits are counted in this process until it does');
  }
  const captchas = createCaptchaService({ db: database.db, clock, ttlSeconds: config.abuse.captchaTtlSeconds, revealAnswers: config.devMode });
  const guard = createAbuseGuard({ store: counterStore, captchas, clock, settings: config.abuse });
  const twoStep = createTwoStepService({
    db: database.db,
    clock,
    hasher: deps.hasher,
    sms: createSmsCodes({ db: database.db, clock, sender: smsSender, log: app.log }),
    passwordChecks: fixedWindow(counterStore, clock, 'password-check', 3600),
    secrets: createSecretBox(config.totpEncryptionKey),
    log: app.log,
  });

  const accounts = createAccountService({
    db: database.db,
    hasher: deps.hasher,
    mailer,
    clock,
    commonPasswords: commonPasswordList(),
    publicUrl: config.publicUrl,
    activationLinkTtlHours: config.activationLinkTtlHours,
    log: app.log,
  });
  const notifier =
    deps.notifier ??
    (await createNotifier({
      choice: config.eventsNotifier,
      redisUrl: config.redisUrl,
      redisKeyPrefix: config.redisKeyPrefix,
      databaseUrl: config.databaseUrl,
      db: database.db,
      log: app.log,
    }));
  if (!deps.notifier) app.addHook('onClose', async () => notifier.close());
  app.log.debug({ notifier: notifier.kind }, 'change notifications fan out');
  /** The "account changed" notice of a push (the sync service's onRevision hook). Never rejects. */
  const notifyRevision = (accountId: string, revision: number) => void notifier.publish(accountId, { type: 'revision', revision });

  const sessions = createSessionService({
    db: database.db,
    hasher: deps.hasher,
    accounts,
    guard,
    twoStep,
    clock,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlDays: config.refreshTokenTtlDays,
    log: app.log,
    onSignedOut: ({ accountId, deviceId, sessionId }) => notifier.publish(accountId, { type: 'signed_out', deviceId, sessionId }),
  });

  // Before every route: the WebSocket plugin's onRoute hook has to see them all.
  await installWebsocket(app);

  await app.register(metaRoutes({ version: config.version }));
  await app.register(accountRoutes({ accounts, sessions, guard }));
  await app.register(sessionRoutes({ sessions }));
  await app.register(securityCheckRoutes({ guard }));
  await app.register(twoStepRoutes({ twoStep, accounts, sessions }));
  await app.register(deviceRoutes({ db: database.db, sessions, clock }));
  const keysets = createKeysetService({
    db: database.db,
    clock,
    log: app.log,
    onChanged: (accountId, version) => notifier.publish(accountId, { type: 'keyset', version }),
  });
  await app.register(keysetRoutes({ keysets, sessions }));
  const sync = createSyncService({
    db: database.db,
    clock,
    log: app.log,
    maxItemsPerAccount: config.vaultMaxItems,
    // The "account changed" notices to the account's devices hang here.
    onRevision: (accountId, revision) => {
      notifyRevision(accountId, revision);
      deps.onVaultRevision?.(accountId, revision);
    },
  });
  await app.register(syncRoutes({ sync, sessions, bodyLimitBytes: config.bodyLimitBytes }));
  await app.register(eventsRoutes({ db: database.db, sessions, notifier, clock, ...deps.events }));
  await app.register(activationPage({ accounts }));
  if (config.devMode) await app.register(outboxRoutes({ db: database.db }));

  return app;
}

function parseTrustProxy(value: string | undefined): boolean | string | undefined {
  if (value === undefined || value === '' || value === 'false') return undefined;
  if (value === 'true') return true;
  return value;
}
