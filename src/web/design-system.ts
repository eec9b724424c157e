// The design system's stylesheet, compiled from GOV.UK Frontend's and MoJ Frontend's Sass with this service's
// settings (see styles/design-system.scss). Compiled once per version of its sources and kept on disk, so
// `npm start`, `npm test` and a single test file all get it without a separate build step.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as sass from 'sass';
import { projectRoot } from '../config.js';

const ENTRY = path.join(projectRoot, 'src/web/styles/design-system.scss');
const PACKAGES = ['govuk-frontend', '@ministryofjustice/frontend', 'sass'];
const CACHE_DIR = path.join(projectRoot, 'node_modules/.cache/community-activity-directory');

export interface Stylesheet {
  css: string;
  /** Changes whenever the compiled text would: the entry file or a package version changed. */
  version: string;
}

let compiled: Stylesheet | null = null;

/** What the stylesheet is made from: the entry file and the exact versions of the packages it reads. */
function sourceVersion(): string {
  const hash = createHash('sha256').update(readFileSync(ENTRY));
  for (const name of PACKAGES) {
    const manifest = JSON.parse(
      readFileSync(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8'),
    );
    hash.update(`${name}@${manifest.version}`);
  }
  return hash.digest('hex').slice(0, 16);
}

function readCached(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The compiled stylesheet; the first call in a checkout compiles it (about two seconds), later ones read it. */
export function designSystemStylesheet(): Stylesheet {
  if (compiled) return compiled;
  const version = sourceVersion();
  const file = path.join(CACHE_DIR, `design-system-${version}.css`);
  let css = readCached(file);
  if (css === null) {
    css = sass.compile(ENTRY, { loadPaths: [projectRoot], style: 'compressed', quietDeps: true }).css;
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      // Written aside and renamed, so a process starting at the same moment never reads half a file.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, css);
      renameSync(partial, file);
    } catch {
      // A read-only install keeps the compiled text in memory only.
    }
  }
  compiled = { css, version };
  return compiled;
}
