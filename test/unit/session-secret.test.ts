import { expect } from 'chai';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { sessionSecretProblem } from '../../src/domain/session-secret.js';
import { readOrCreateSecret, secretFile, withSessionSecret } from '../../src/secret-key.js';

const GOOD = 'q8Vd0yZ-3kLr7TnWx1Pj5sHc9Ub2Ge6Af4Mo';
const OLD_DEFAULT = 'development-only-session-secret';

describe('session secret: never a guessable key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'directory-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses short, placeholder and repetitive secrets, in any mode, with one clear sentence', () => {
    const refused = [
      'short-but-random-Xy7',
      OLD_DEFAULT,
      'changeme-changeme-changeme-changeme',
      'secretsecretsecretsecretsecretsecret',
      'your-session-secret-here-please-change-it',
      'replace-me-with-a-long-random-secret-value',
      '12345678901234567890123456789012345',
      'abababababababababababababababababab',
      '--------------------------------------',
    ];
    for (const secret of refused) {
      expect(sessionSecretProblem(secret), secret).to.be.a('string');
      for (const NODE_ENV of ['development', 'production']) {
        expect(() => loadConfig({ NODE_ENV, SESSION_SECRET: secret }), `${NODE_ENV}: ${secret}`)
          .to.throw(/^SESSION_SECRET [^\n]+\.$/)
          .with.property('message')
          .that.matches(/openssl rand -base64 48/);
      }
    }
    expect(() => loadConfig({ SESSION_SECRET: 'changeme' })).to.throw(
      'SESSION_SECRET is only 8 characters long: use at least 32 random characters, e.g. from `openssl rand -base64 48`.',
    );
    expect(sessionSecretProblem(GOOD)).to.equal(null);
    expect(loadConfig({ SESSION_SECRET: GOOD }).sessionSecret).to.equal(GOOD);
    // Random output of the usual tools passes.
    expect(sessionSecretProblem('JrT6qQ9gHfOa2s4XbK7vWzP1cY8mN3eLdR5uIwE0tAo=')).to.equal(null);
  });

  it('production fails fast without SESSION_SECRET; elsewhere the key file is used', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw(/SESSION_SECRET must be set in production/);
    // (Production needs the operator's details and the referral key as well.)
    const operator = {
      OPERATOR_NAME: 'Example Council',
      OPERATOR_EMAIL: 'directory@example.org',
      REFERRAL_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: GOOD, ...operator }).sessionSecret).to.equal(
      GOOD,
    );
    expect(loadConfig({}).sessionSecret).to.equal(null);
  });

  it('makes a random key in DATA_DIR on first use, private (0600), and reuses it', async () => {
    const first = await readOrCreateSecret(dir);
    const file = secretFile(dir);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(first).to.have.length.of.at.least(64);
    expect(sessionSecretProblem(first)).to.equal(null);
    expect(readFileSync(file, 'utf8').trim()).to.equal(first);
    expect(await readOrCreateSecret(dir)).to.equal(first);
    const config = await withSessionSecret(loadConfig({ DATA_DIR: dir }));
    expect(config.sessionSecret).to.equal(first);
    // SESSION_SECRET, when given, wins over the file.
    expect(
      (await withSessionSecret(loadConfig({ DATA_DIR: dir, SESSION_SECRET: GOOD }))).sessionSecret,
    ).to.equal(GOOD);
  });

  it('two processes starting at once end up with the same key', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => readOrCreateSecret(dir)));
    expect(new Set(keys).size).to.equal(1);
  });

  it('refuses a key file holding a guessable secret, and makes a readable one private', async () => {
    writeFileSync(secretFile(dir), 'changeme-changeme-changeme-changeme\n');
    let message = '';
    await readOrCreateSecret(dir).catch((error: Error) => (message = error.message));
    expect(message).to.match(/session-secret is a placeholder anyone could guess.*delete the file/);
    writeFileSync(secretFile(dir), `${GOOD}\n`);
    chmodSync(secretFile(dir), 0o644);
    expect(await readOrCreateSecret(dir)).to.equal(GOOD);
    expect(statSync(secretFile(dir)).mode & 0o777).to.equal(0o600);
  });
});
