import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRenderTime, honeypotFilled, signRenderTime } from '../../src/web/form-timing.ts';

const key = Buffer.alloc(32, 1);
const at = new Date('2026-11-25T12:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);

describe('form timing', () => {
  it('accepts a form sent after a human pause', () => {
    assert.equal(checkRenderTime(key, signRenderTime(key, at), later(8_000)), 'ok');
  });
  it('flags a form sent under 3 seconds, or a day later', () => {
    assert.equal(checkRenderTime(key, signRenderTime(key, at), later(1_500)), 'too_fast');
    assert.equal(checkRenderTime(key, signRenderTime(key, at), later(25 * 3600 * 1000)), 'stale');
  });
  it('flags a missing, malformed or forged time', () => {
    const signed = signRenderTime(key, at);
    assert.equal(checkRenderTime(key, undefined, later(8_000)), 'unsigned');
    assert.equal(checkRenderTime(key, 'yesterday', later(8_000)), 'unsigned');
    assert.equal(checkRenderTime(Buffer.alloc(32, 2), signed, later(8_000)), 'unsigned');
    const [time, mac] = signed.split('.');
    assert.equal(checkRenderTime(key, `${Number(time) - 60_000}.${mac}`, later(8_000)), 'unsigned');
  });
  it('sees a filled honeypot', () => {
    assert.equal(honeypotFilled({ website: '' }), false);
    assert.equal(honeypotFilled({}), false);
    assert.equal(honeypotFilled({ website: 'x' }), true);
  });
});
