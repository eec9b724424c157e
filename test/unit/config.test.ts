import { expect } from 'chai';
import express from 'express';
import { loadConfig } from '../../src/config.js';

describe('config: TRUST_PROXY and BASE_URL', () => {
  it('trusts no proxy unless TRUST_PROXY says which', () => {
    expect(loadConfig({}).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).to.equal(true);
    expect(
      loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 192.168.1.1' }).trustProxy,
    ).to.deep.equal(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.1']);
  });

  it('takes every form Express takes, and refuses what Express would not understand', () => {
    for (const value of ['1', 'true', 'loopback, 10.0.0.0/8', 'uniquelocal,172.16.0.0/255.240.0.0']) {
      const app = express();
      app.set('trust proxy', loadConfig({ TRUST_PROXY: value }).trustProxy);
      expect(app.get('trust proxy fn')).to.be.a('function');
    }
    for (const value of ['yes please', '10.0.0.0/33', 'proxy.example.org', '10.0.0.0/8/1']) {
      expect(() => loadConfig({ TRUST_PROXY: value }), value).to.throw(/^TRUST_PROXY must be a hop count/);
    }
  });

  it('BASE_URL must be an http(s) address; without it links point at this machine', () => {
    expect(loadConfig({ PORT: '4100' }).baseUrl).to.equal('http://localhost:4100');
    expect(loadConfig({ PORT: '4100' }).baseUrlGiven).to.equal(false);
    const given = loadConfig({ BASE_URL: 'https://directory.example.org/' });
    expect(given).to.include({ baseUrl: 'https://directory.example.org', baseUrlGiven: true });
    for (const value of ['directory.example.org', 'javascript:alert(1)//', 'https://example.org/?a=1']) {
      expect(() => loadConfig({ BASE_URL: value }), value).to.throw(
        /^BASE_URL must be the site's public address/,
      );
    }
  });
});

describe('config: CI', () => {
  it('CI=true (or 1, yes) marks a run under continuous integration, which also logs less', () => {
    expect(loadConfig({}).ci).to.equal(false);
    expect(loadConfig({ CI: 'false' }).ci).to.equal(false);
    expect(loadConfig({ CI: 'true' })).to.include({ ci: true, logLevel: 'warn' });
    expect(loadConfig({ CI: '1' }).ci).to.equal(true);
    expect(loadConfig({ CI: 'false' }).logLevel).to.equal('info');
  });
});

describe('config: DATABASE_READ_URL', () => {
  it('sends searches to a read replica only when given one, and says plainly what a wrong value should be', () => {
    expect(loadConfig({}).databaseReadUrl).to.equal(null);
    const replica = 'postgres://reader:secret@replica.internal:5432/directory';
    expect(loadConfig({ DATABASE_READ_URL: replica }).databaseReadUrl).to.equal(replica);
    for (const wrong of ['replica.internal:5432', 'http://replica.internal/', 'postgres://']) {
      expect(() => loadConfig({ DATABASE_READ_URL: wrong }), wrong).to.throw(
        'DATABASE_READ_URL must be a PostgreSQL address like postgres://',
      );
    }
  });
});
