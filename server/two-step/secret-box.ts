/**
 * Authenticator secrets at rest. The hub must read a TOTP secret to check a code, so it cannot be
 * hashed; with TOTP_ENCRYPTION_KEY set it is sealed with AES-256-GCM, the account id as associated
 * data (a sealed secret copied onto another account's row does not open). A copy of the database
 * alone then does not let anyone produce codes. Without a key (development, or a hub whose operator
 * chose not to set one — the hub warns at start in production) secrets are stored as they are.
 *
 * Stored form: `v1.<iv>.<ciphertext+tag>` (base64url); anything else is a plain secret from before a
 * key was set, still accepted so setting a key later does not lock anyone out.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  readonly sealing: boolean;
  seal(secret: string, accountId: string): string;
  open(stored: string, accountId: string): string;
}

/** `key`: 32 bytes, base64 (checked by the config). */
export function createSecretBox(key: Buffer | null): SecretBox {
  return {
    sealing: key !== null,
    seal(secret, accountId) {
      if (!key) return secret;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(accountId, 'utf8'));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${iv.toString('base64url')}.${sealed.toString('base64url')}`;
    },
    open(stored, accountId) {
      if (!stored.startsWith(PREFIX)) return stored;
      if (!key) throw new Error('an authenticator secret is sealed but TOTP_ENCRYPTION_KEY is not set');
      const [ivText, sealedText] = stored.slice(PREFIX.length).split('.');
      const sealed = Buffer.from(sealedText ?? '', 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText ?? '', 'base64url'));
      decipher.setAAD(Buffer.from(accountId, 'utf8'));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
