import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'a-production-secret-that-is-long-enough-1234',
  REFERRAL_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('config: OPERATOR_* (who runs the directory, as its information pages say)', () => {
  it('reads the name, email, telephone and address, trimmed', () => {
    expect(
      loadConfig({
        OPERATOR_NAME: ' Bristol Community Links ',
        OPERATOR_EMAIL: 'directory@example.org',
        OPERATOR_PHONE: '0117 496 0000',
        OPERATOR_ADDRESS: '1 Example Street, Bristol',
      }).operator,
    ).to.deep.equal({
      name: 'Bristol Community Links',
      email: 'directory@example.org',
      phone: '0117 496 0000',
      address: '1 Example Street, Bristol',
    });
  });

  it('outside production, fills in examples that say to set them, and leaves telephone and address out', () => {
    const { operator } = loadConfig({});
    expect(operator.name).to.contain('set OPERATOR_NAME');
    expect(operator.email).to.match(/^set-operator-email@/);
    expect(operator.phone).to.equal(null);
    expect(operator.address).to.equal(null);
  });

  it('refuses to start in production without a name and an email address', () => {
    expect(() => loadConfig({ ...PRODUCTION, OPERATOR_EMAIL: 'directory@example.org' })).to.throw(
      /OPERATOR_NAME and OPERATOR_EMAIL must be set in production/,
    );
    expect(() => loadConfig({ ...PRODUCTION, OPERATOR_NAME: 'Links' })).to.throw(/OPERATOR_EMAIL/);
    expect(
      loadConfig({ ...PRODUCTION, OPERATOR_NAME: 'Links', OPERATOR_EMAIL: 'directory@example.org' }).operator
        .name,
    ).to.equal('Links');
  });

  it('refuses an email address that is not one', () => {
    expect(() => loadConfig({ OPERATOR_EMAIL: 'directory at example' })).to.throw(
      /OPERATOR_EMAIL must be an email address/,
    );
  });
});
