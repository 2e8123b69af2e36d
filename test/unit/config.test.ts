import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.mailFrom, 'Dauys <no-reply@localhost>');
    assert.equal(config.trustProxy, false);
    assert.ok(Object.isFrozen(config));
  });
  it('names the variable in one line when a value is bad', () => {
    for (const [name, value] of [['PORT', 'eighty'], ['DATABASE_URL', 'mysql://x'], ['SMTP_URL', 'http://mail'], ['LOG_LEVEL', 'loud'], ['BASE_URL', 'ftp://x']] as const) {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && error.message.includes(name) && !error.message.includes('\n'));
    }
  });
  it('requires SESSION_SECRET and DATA_KEY in production', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }), /DATA_KEY/);
    const key = Buffer.alloc(32, 7).toString('base64');
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATA_KEY: key }).env, 'production');
  });
  it('parses TRUST_PROXY', () => {
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy, 'loopback');
  });
});

describe('ONION_URL', () => {
  const onion = `${'abcdefghijklmnopqrstuvwxyz234567'.repeat(2).slice(0, 56)}.onion`;
  it('takes an http(s) v3 onion address and keeps its origin', () => {
    assert.equal(loadConfig({ ONION_URL: `http://${onion}/` }).onionUrl, `http://${onion}`);
    assert.equal(loadConfig({ ONION_URL: `https://${onion}` }).onionUrl, `https://${onion}`);
    assert.equal(loadConfig({}).onionUrl, undefined);
  });
  it('refuses anything else in one line naming the variable', () => {
    for (const value of ['http://example.org', `ftp://${onion}`, 'http://short.onion', 'not a url']) {
      assert.throws(() => loadConfig({ ONION_URL: value }), (error: unknown) => error instanceof ConfigError && error.message.includes('ONION_URL') && !error.message.includes('\n'));
    }
  });
});
