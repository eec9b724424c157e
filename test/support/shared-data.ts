// Tests that read the real feeds in ../shared/data: on CI a missing file is a failure (the suite would
// otherwise pass while proving nothing); on a developer's machine the test is skipped with the reason printed.
import { existsSync } from 'node:fs';

export const ON_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Stops the test unless every file exists: fails on CI, skips with the reason elsewhere. */
export function requireSharedData(context: Mocha.Context, ...files: string[]): void {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length === 0) return;
  const reason = `shared data missing: ${missing.join(', ')}`;
  if (ON_CI) throw new Error(`${reason} (CI=true: the tests on real data must run here)`);
  console.log(`      skipped: ${reason}`);
  context.skip();
}
