// Streams the files inside a distribution as it is downloaded: a .tar.gz, a .zip, or the unpacked folder.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';

export interface ArchiveEntry {
  /** Path inside the archive (or relative to the folder), with forward slashes. */
  name: string;
  /** Read it to the end before asking for the next entry: archives are read front to back. */
  stream: Readable;
}

export type ArchiveKind = 'tar.gz' | 'zip' | 'folder';

export async function archiveKind(target: string): Promise<ArchiveKind> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new Error(`${target}: no such file or folder`);
  if (info.isDirectory()) return 'folder';
  const lower = target.toLowerCase();
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  if (lower.endsWith('.zip')) return 'zip';
  throw new Error(`${target}: expected a .tar.gz, a .zip or a folder`);
}

/** Every file whose path matches `wanted`, in archive order (folders: sorted by path). */
export async function* archiveEntries(target: string, wanted: RegExp): AsyncGenerator<ArchiveEntry> {
  const kind = await archiveKind(target);
  if (kind === 'folder') yield* folderEntries(target, wanted);
  else if (kind === 'zip') yield* zipEntries(target, wanted);
  else yield* tarGzEntries(target, wanted);
}

async function* folderEntries(folder: string, wanted: RegExp): AsyncGenerator<ArchiveEntry> {
  const names: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.resolve(entry.parentPath, entry.name);
    // Match on the full path, so both the distribution folder and its Data/CSV folder can be given.
    if (wanted.test(full.split(path.sep).join('/'))) names.push(path.relative(folder, full));
  }
  for (const name of names.sort())
    yield { name: name.split(path.sep).join('/'), stream: createReadStream(path.join(folder, name)) };
}

async function* tarGzEntries(file: string, wanted: RegExp): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  const feeding = pipeline(createReadStream(file), createGunzip(), extract);
  // A gzip error also destroys `extract`, so the loop below reports it; this only avoids an unhandled rejection.
  feeding.catch(() => undefined);
  try {
    for await (const entry of extract) {
      if (entry.header.type === 'file' && wanted.test(entry.header.name)) {
        // tar-stream entries are streamx streams; wrap them so consumers get a Node Readable.
        yield { name: entry.header.name, stream: Readable.from(entry, { objectMode: false }) };
      }
      // Skipped entries, and whatever a consumer left unread, must drain for the archive to move on.
      entry.resume();
    }
    await feeding;
  } catch (error) {
    throw new Error(
      `${file}: not a readable .tar.gz (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

async function* zipEntries(file: string, wanted: RegExp): AsyncGenerator<ArchiveEntry> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, opened) =>
      error ? reject(new Error(`${file}: not a readable .zip (${error.message})`)) : resolve(opened),
    ),
  );
  const nextEntry = () =>
    new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (entry: yauzl.Entry) => done(() => resolve(entry));
      const onEnd = () => done(() => resolve(null));
      const onError = (error: Error) => done(() => reject(error));
      const done = (settle: () => void) => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        settle();
      };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
  try {
    for (let entry = await nextEntry(); entry; entry = await nextEntry()) {
      if (entry.fileName.endsWith('/') || !wanted.test(entry.fileName)) continue;
      const current = entry;
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(current, (error, opened) => (error ? reject(error) : resolve(opened))),
      );
      yield { name: entry.fileName, stream };
      stream.resume();
    }
  } finally {
    zip.close();
  }
}
