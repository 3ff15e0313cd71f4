/**
 * The master-password KDF in Node: Argon2id at the vault's parameters (64 MiB, t=3, p=4) with the
 * WebAssembly implementation the extension uses (hash-wasm) and with the pure-JS reference
 * (@noble/hashes) it is tested against. The browser figure is in the vault benchmark.
 */
import { deriveMasterKey, deriveMasterKeyReference, DEFAULT_KDF } from '../../lib/crypto/kdf.ts';
import { ms, printTable, summarize } from './stats.ts';

const RUNS = 5;

async function time(derive: typeof deriveMasterKey): Promise<number[]> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await derive(`bench master password ${run}`, salt, DEFAULT_KDF);
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function runKdfBench(): Promise<void> {
  const rows = [];
  for (const [name, derive] of [['hash-wasm (WebAssembly, shipped)', deriveMasterKey], ['@noble/hashes (pure JS, reference)', deriveMasterKeyReference]] as const) {
    const s = summarize(await time(derive));
    rows.push([name, ms(s.p50), ms(s.mean), String(s.count)]);
  }
  printTable('Master-password KDF in Node (Argon2id 64 MiB, t=3, p=4)', ['implementation', 'p50', 'mean', 'runs'], rows);
}
