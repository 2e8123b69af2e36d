// Partner origins: only exact https origins (http for this machine), normalised as URL serialises them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOrigin, parseOriginList } from '../../src/embeds/partner-origins.schema.ts';
import { frameAncestors } from '../../src/embeds/frame-policy.ts';

describe('partner origins', () => {
  for (const [input, origin] of [
    ['https://example.org', 'https://example.org'],
    ['  HTTPS://WWW.Example.ORG/ ', 'https://www.example.org'],
    ['https://example.org:443', 'https://example.org'],
    ['https://example.org:8443', 'https://example.org:8443'],
    ['https://пример.example', 'https://xn--e1afmkfd.example'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.2:8080', 'http://127.0.0.2:8080'],
  ] as const) it(`accepts ${input.trim()} as ${origin}`, () => assert.deepEqual(parseOrigin(input), { ok: true, origin }));

  for (const [input, key] of [
    ['*', 'wildcard'], ['https://*.example.org', 'wildcard'], ['https://example.*', 'wildcard'],
    ['http://example.org', 'scheme'], ['ftp://example.org', 'scheme'], ['data:text/html', 'scheme'], ['javascript:alert(1)', 'scheme'],
    ['https://example.org/embed', 'path'], ['https://example.org/?', 'path'], ['https://example.org#x', 'path'], ['https://u:p@example.org', 'path'], ['https://example.org//', 'path'],
    ['example.org', 'format'], ['https:example.org', 'format'], ["https://example.org 'self'", 'format'], ['https://example.org;script-src *', 'wildcard'], ['https://exa;mple.org', 'format'],
    ['https://[::1]:3000', 'format'], ['https://intranet', 'format'], ['', 'format'], [`https://${'a'.repeat(300)}.org`, 'format'],
  ] as const) it(`refuses ${JSON.stringify(input).slice(0, 40)} (${key})`, () => {
    const parsed = parseOrigin(input);
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.equal(parsed.key, `embeds.admin.errors.${key}`);
  });

  it('a list: blank lines skipped, duplicates once, every bad line reported, at most 20', () => {
    assert.deepEqual(parseOriginList('https://a.org\n\nhttps://A.org/\r\nhttps://b.org'), { ok: true, origins: ['https://a.org', 'https://b.org'] });
    const bad = parseOriginList('https://a.org\nnope\n*');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.deepEqual(bad.errors.map((e) => e.line), ['nope', '*']);
    const many = parseOriginList(Array.from({ length: 21 }, (_, i) => `https://p${i}.org`).join('\n'));
    assert.equal(many.ok, false);
    assert.deepEqual(parseOriginList(''), { ok: true, origins: [] });
  });

  it("frame-ancestors: 'none' for no partners, else the origins", () => {
    assert.equal(frameAncestors([]), "'none'");
    assert.equal(frameAncestors(['https://a.org', 'http://localhost:8080']), 'https://a.org http://localhost:8080');
  });
});
