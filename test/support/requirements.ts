// A test that needs something from outside the repository (files in ../shared/data, Debian's PostgreSQL server):
// when it is missing the test is skipped with the reason printed, except under CI=true, where it fails.

export interface Missing {
  /** True under CI: the test fails instead of skipping. */
  fail: boolean;
  reason: string;
}

export function requirePresent(context: Mocha.Context, missing: Missing | null): void {
  if (!missing) return;
  if (missing.fail) throw new Error(missing.reason);
  console.log(`      skipped: ${missing.reason}`);
  context.skip();
}
