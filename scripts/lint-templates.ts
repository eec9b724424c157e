// Template lint: every view must compile, and raw (triple-stash) output is allowed only where the value
// is produced by the sanitiser or the layout, so nothing user-supplied can be rendered unescaped.
import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const ALLOWED_RAW = new Set(['body', 'activity.descriptionHtml']);
const root = path.resolve(import.meta.dirname, '../views');

const problems: string[] = [];
let checked = 0;
for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
  const file = path.join(entry.parentPath, entry.name);
  const source = await readFile(file, 'utf8');
  checked += 1;
  try {
    Handlebars.precompile(source);
  } catch (error) {
    problems.push(`${path.relative(process.cwd(), file)}: ${(error as Error).message.split('\n')[0]}`);
  }
  for (const match of source.matchAll(/\{\{\{\s*([^}\s]+)[^}]*\}\}\}/g)) {
    if (!ALLOWED_RAW.has(match[1])) {
      problems.push(
        `${path.relative(process.cwd(), file)}: raw output {{{${match[1]}}}} is not on the sanitised allow-list`,
      );
    }
  }
}
for (const problem of problems) console.error(problem);
console.log(`templates: ${checked} checked, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
