/**
 * The hub's full common-password list (≈49,000 lower-cased entries from @zxcvbn-ts/language-common;
 * see lib/protocol/common-passwords.ts). Built once, on first use.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

let list: ReadonlySet<string> | undefined;

export function commonPasswordList(): ReadonlySet<string> {
  list ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  return list;
}
