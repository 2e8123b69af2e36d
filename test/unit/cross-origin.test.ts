// The cross-origin verdict, case by case (the algorithm of Go 1.25's CrossOriginProtection).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crossOriginVerdict } from '../../src/web/cross-origin.ts';

const req = (method: string, headers: Record<string, string>) => ({ method, get: (name: string) => headers[name.toLowerCase()] }) as Parameters<typeof crossOriginVerdict>[0];
const trusted = new Set(['https://dauys.example']);

describe('crossOriginVerdict', () => {
  it('safe methods always pass', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) assert.equal(crossOriginVerdict(req(method, { 'sec-fetch-site': 'cross-site' }), trusted), undefined);
  });
  it('Sec-Fetch-Site decides when present', () => {
    assert.equal(crossOriginVerdict(req('POST', { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }), trusted), undefined);
    assert.equal(crossOriginVerdict(req('POST', { 'sec-fetch-site': 'none' }), trusted), undefined);
    assert.equal(crossOriginVerdict(req('POST', { 'sec-fetch-site': 'same-site', origin: 'https://dauys.example' }), trusted), 'cross-site');
    assert.equal(crossOriginVerdict(req('DELETE', { 'sec-fetch-site': 'cross-site' }), trusted), 'cross-site');
    assert.equal(crossOriginVerdict(req('POST', { 'sec-fetch-site': 'something-new' }), trusted), 'cross-site');
  });
  it('without it, Origin must be the site (trusted or the Host), and null is refused', () => {
    assert.equal(crossOriginVerdict(req('POST', { origin: 'https://dauys.example' }), trusted), undefined);
    assert.equal(crossOriginVerdict(req('POST', { origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }), trusted), undefined);
    assert.equal(crossOriginVerdict(req('POST', { origin: 'https://DAUYS.example.evil', host: 'dauys.example' }), trusted), 'foreign-origin');
    assert.equal(crossOriginVerdict(req('POST', { origin: 'null', host: 'null' }), trusted), 'foreign-origin');
    assert.equal(crossOriginVerdict(req('POST', { origin: '::::' , host: 'dauys.example' }), trusted), 'foreign-origin');
  });
  it('with neither header (not a browser) it passes', () => {
    assert.equal(crossOriginVerdict(req('POST', {}), trusted), undefined);
    assert.equal(crossOriginVerdict(req('POST', { 'sec-fetch-site': '', origin: '' }), trusted), undefined);
  });
});
