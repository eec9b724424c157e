// A test that reads ../shared/data: skipped with the reason when the files are missing, failed under CI=true.
import { loadConfig } from '../../src/config.js';
import { missingSharedData } from '../../bench/shared-data.js';
import { requirePresent } from './requirements.js';

export function requireSharedData(context: Mocha.Context, files: string[], ci = loadConfig().ci): void {
  requirePresent(context, missingSharedData(files, ci));
}
