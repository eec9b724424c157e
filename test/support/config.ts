// The configuration tests run with: the environment's, with a session secret and referral key made for this run.
import { randomBytes } from 'node:crypto';
import { loadConfig, type KeyedConfig } from '../../src/config.js';

const SESSION_SECRET = randomBytes(48).toString('base64url');
/** The key sealing referral requests' personal details in tests (REFERRAL_KEY when the environment sets one). */
export const TEST_REFERRAL_KEY = randomBytes(32).toString('base64');

export function testConfig(env: NodeJS.ProcessEnv = process.env): KeyedConfig {
  const config = loadConfig(env);
  return { ...config, sessionSecret: SESSION_SECRET, referralKey: config.referralKey ?? TEST_REFERRAL_KEY };
}
