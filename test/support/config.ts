// The configuration tests run with: the environment's, with a session secret made for this test run.
import { randomBytes } from 'node:crypto';
import { loadConfig, type KeyedConfig } from '../../src/config.js';

const SESSION_SECRET = randomBytes(48).toString('base64url');

export function testConfig(env: NodeJS.ProcessEnv = process.env): KeyedConfig {
  return { ...loadConfig(env), sessionSecret: SESSION_SECRET };
}
