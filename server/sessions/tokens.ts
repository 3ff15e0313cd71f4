/**
 * Random bearer tokens. Only their SHA-256 is stored, so a copy of the database does not let anyone
 * act as a device. 32 random bytes make a plain (unsalted) fast hash safe here: there is nothing to guess.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
