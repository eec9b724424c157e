// npx tsx bench/password-hash.ts: the cost of hashing and checking one password (what sign-in and
// registration pay), beside a single SHA-256 as the baseline a fast, unsuitable hash would cost.
import { createHash } from 'node:crypto';
import { hashPassword, verifyPassword } from '../src/services/accounts.js';

async function main(): Promise<void> {
  const n = 20;
  let t = performance.now();
  for (let i = 0; i < 10000; i++) createHash('sha256').update(`password number ${i}`).digest();
  const shaMs = (performance.now() - t) / 10000;
  t = performance.now();
  const hashes: string[] = [];
  for (let i = 0; i < n; i++) hashes.push(await hashPassword(`password number ${i}`));
  const hashMs = (performance.now() - t) / n;
  t = performance.now();
  for (let i = 0; i < n; i++) await verifyPassword(`password number ${i}`, hashes[i]);
  const verifyMs = (performance.now() - t) / n;
  process.stdout.write(
    `scrypt N=32768 r=8 p=1 (32 MiB): hash ${hashMs.toFixed(1)} ms, verify ${verifyMs.toFixed(1)} ms (mean of ${n}); ` +
      `sha256 ${(shaMs * 1000).toFixed(2)} µs; scrypt/sha256 = ${Math.round(verifyMs / shaMs).toLocaleString('en-GB')}x\n`,
  );
}

void main();
