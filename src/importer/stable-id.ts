// Name-based UUIDs (RFC 4122 version 5), so a row without an id in its source keeps the same id on every import.
import { createHash } from 'node:crypto';

/** The project's namespace for ids it derives from source text. */
const NAMESPACE = Buffer.from('6f0c3b8e9a4d5e2fb1c7a8d9e0f1a2b3', 'hex');

export function stableId(...parts: string[]): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(parts.map((p) => p.trim().toLowerCase().replace(/\s+/g, ' ')).join('\u001f'))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Organisation names compared loosely: case, punctuation and "the"/"ltd" do not make a new organisation. */
export function normalisedName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(the|ltd|limited|cic|cio)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
