// Files under ../shared/data are read by path and a clone may lack them: without them a benchmark or test says
// which are missing and skips, except under CI (CI=true), where their absence is a failure.
import { existsSync } from 'node:fs';

export interface MissingSharedData {
  files: string[];
  /** True under CI: the caller fails instead of skipping. */
  fail: boolean;
  reason: string;
}

export function missingSharedData(files: string[], ci: boolean): MissingSharedData | null {
  const missing = files.filter((file) => !existsSync(file));
  if (!missing.length) return null;
  const reason =
    `shared data missing: ${missing.join(', ')} (set SHARED_DATA_DIR to the folder holding them; ` +
    `default ../shared/data)${ci ? '; under CI=true they are required' : ''}`;
  return { files: missing, fail: ci, reason };
}
