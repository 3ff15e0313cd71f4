/**
 * The one ordered list of migrations, run at hub start on SQLite and PostgreSQL alike.
 * Never edit a migration that has shipped; add the next number.
 */
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-accounts.ts';
import * as m0002 from './0002-security-check-two-step.ts';
import * as m0003 from './0003-vault-keysets.ts';
import * as m0004 from './0004-vault-items.ts';
import * as m0005 from './0005-device-names.ts';

export const migrations: Record<string, Migration> = {
  '0001-accounts': m0001,
  '0002-security-check-two-step': m0002,
  '0003-vault-keysets': m0003,
  '0004-vault-items': m0004,
  '0005-device-names': m0005,
};
