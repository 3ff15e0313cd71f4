// Regenerates lib/protocol/common-passwords-relevant.json from @zxcvbn-ts/language-common.
// Run after upgrading that package: npm run generate:common-passwords
import { writeFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';
import { couldMatchPolicyPassingPassword } from '../lib/protocol/common-passwords.ts';

const target = new URL('../lib/protocol/common-passwords-relevant.json', import.meta.url);
const slice = [...new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()))]
  .filter(couldMatchPolicyPassingPassword)
  .sort();
writeFileSync(target, `${JSON.stringify(slice)}\n`);
console.log(`wrote ${slice.length} entries to ${target.pathname}`);
