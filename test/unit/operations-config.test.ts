// The operations settings in config.ts: SECURITY_CONTACT, METRICS_TOKEN, METRICS_PORT (DKIM: test/http/operations/dkim.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

const oneLine = (name: string) => (error: unknown) => error instanceof ConfigError && error.message.includes(name) && !error.message.includes('\n');

describe('loadConfig: operations settings', () => {
  it('leaves security.txt, metrics and DKIM off by default', () => {
    const config = loadConfig({});
    assert.equal(config.securityContact, undefined);
    assert.deepEqual(config.metrics, { token: undefined, port: undefined });
    assert.equal(config.dkim, undefined);
  });
  it('accepts a mailto: or https: SECURITY_CONTACT and refuses anything else', () => {
    assert.equal(loadConfig({ SECURITY_CONTACT: 'mailto:security@campaign.example' }).securityContact, 'mailto:security@campaign.example');
    assert.equal(loadConfig({ SECURITY_CONTACT: 'https://campaign.example/security' }).securityContact, 'https://campaign.example/security');
    for (const bad of ['security@campaign.example', 'http://campaign.example/security', 'mailto:nobody', 'javascript:alert(1)']) assert.throws(() => loadConfig({ SECURITY_CONTACT: bad }), oneLine('SECURITY_CONTACT'), bad);
  });
  it('reads METRICS_TOKEN (16+ printable characters) and METRICS_PORT (not PORT)', () => {
    assert.deepEqual(loadConfig({ METRICS_TOKEN: 'x'.repeat(32), METRICS_PORT: '9464' }).metrics, { token: 'x'.repeat(32), port: 9464 });
    for (const bad of ['short', 'has a space in it 0123456789']) assert.throws(() => loadConfig({ METRICS_TOKEN: bad }), oneLine('METRICS_TOKEN'), bad);
    for (const bad of ['0', '70000', 'nine', '3000']) assert.throws(() => loadConfig({ METRICS_PORT: bad }), oneLine('METRICS_PORT'), bad);
    assert.equal(loadConfig({ METRICS_PORT: '' }).metrics.port, undefined);
  });
});
