import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogCapture, type LogCapture } from '../../tests/support/log-capture.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database.ts';
import { loggerOptions } from '../logger.ts';
import { createOutboxSmsSender } from './outbox-sms-sender.ts';
import type { SmsSender } from './sms-sender.ts';

const outboxUrl = 'http://hub.test/dev/outbox';
const message = { to: '+4915112345678', text: 'Your Tessera code is 493817', kind: 'sms.sign_in_code' };

describe('createOutboxSmsSender', () => {
  let testDatabase: TestDatabase;
  let logs: LogCapture;
  let sender: SmsSender;
  beforeEach(async () => {
    testDatabase = await createTestDatabase();
    logs = createLogCapture();
    // The hub's real logger configuration, at its most verbose.
    const log = pino({ ...loggerOptions('trace') }, logs.stream);
    sender = createOutboxSmsSender({ db: testDatabase.database.db, clock: () => 1_767_225_600_000, outboxUrl, log });
  });
  afterEach(() => testDatabase.dispose());

  it('keeps the message in dev_outbox when sending', async () => {
    await sender.send(message);
    const rows = await testDatabase.database.db.selectFrom('dev_outbox').selectAll().execute();
    expect(rows).toEqual([
      {
        id: expect.any(String),
        kind: 'sms.sign_in_code',
        recipient: message.to,
        subject: 'SMS',
        body_text: message.text,
        link: null,
        created_at: 1_767_225_600_000,
      },
    ]);
  });

  it('logs one line pointing at the outbox, without the text or number, when sending', async () => {
    await sender.send(message);
    const records = logs.records();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 30, kind: 'sms.sign_in_code', outbox: outboxUrl });
    expect(String(records[0]?.msg)).toMatch(/SMS.*development outbox/);
    expect(logs.text()).not.toContain('493817');
    expect(logs.text()).not.toContain(message.to);
  });
});
