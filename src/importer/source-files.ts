// Expands an import path (a file or a folder) into the files to read, in a stable order.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export async function sourceFiles(target: string, extensions: string[]): Promise<string[]> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new Error(`${target}: no such file or folder`);
  if (info.isFile()) return [target];
  const found: string[] = [];
  for (const entry of await readdir(target, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) found.push(full);
  }
  if (found.length === 0) throw new Error(`${target}: no ${extensions.join(' or ')} files in this folder`);
  return found.sort();
}
