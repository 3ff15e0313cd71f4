/**
 * Argon2id hashing of account passwords (never of the master password, which never reaches the hub).
 * Verification of an unknown email runs against a decoy hash so it costs the same time as a real one,
 * and the answer cannot reveal whether the address has an account.
 */
import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id in @node-rs/argon2 (a const enum, which verbatimModuleSyntax cannot import). */
const ARGON2ID = 2;
import { normalizePassword } from '../../lib/protocol/password-rules.ts';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(storedHash: string, password: string): Promise<boolean>;
  /** Spends the same effort as verify() without any account. Always false. */
  verifyDecoy(password: string): Promise<false>;
}

export async function createPasswordHasher(options: { memoryKib: number; iterations: number }): Promise<PasswordHasher> {
  const params = {
    algorithm: ARGON2ID,
    memoryCost: options.memoryKib,
    timeCost: options.iterations,
    parallelism: 1,
  };
  const hashPassword = (password: string) => hash(normalizePassword(password), params);
  const decoyHash = await hashPassword(`decoy-${Math.random()}`);
  const verifyPassword = async (storedHash: string, password: string) => {
    try {
      return await verify(storedHash, normalizePassword(password));
    } catch {
      return false;
    }
  };
  return {
    hash: hashPassword,
    verify: verifyPassword,
    async verifyDecoy(password) {
      await verifyPassword(decoyHash, password);
      return false;
    },
  };
}
