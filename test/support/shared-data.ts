// A test that reads ../shared/data: skipped with the reason when the files are missing, failed under CI=true.
import { loadConfig } from '../../src/config.js';
import { missingSharedData } from '../../bench/shared-data.js';

export function requireSharedData(context: Mocha.Context, files: string[], ci = loadConfig().ci): void {
  const absent = missingSharedData(files, ci);
  if (!absent) return;
  if (absent.fail) throw new Error(absent.reason);
  console.log(`      skipped: ${absent.reason}`);
  context.skip();
}
