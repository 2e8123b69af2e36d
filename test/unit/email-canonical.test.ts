import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalEmail } from '../../src/petitions/email-canonical.ts';

describe('canonicalEmail', () => {
  it('lower-cases the address', () => {
    assert.equal(canonicalEmail('Ann.Smith@Example.ORG'), 'ann.smith@example.org');
  });
  it('removes dots and +tags for Gmail only, and maps googlemail.com', () => {
    assert.equal(canonicalEmail('A.n.n+petition@googlemail.com'), 'ann@gmail.com');
    assert.equal(canonicalEmail('a.nn+x@example.org'), 'a.nn+x@example.org');
  });
  it('removes +tags for providers that deliver them to the same mailbox', () => {
    assert.equal(canonicalEmail('ann+kz@proton.me'), 'ann@proton.me');
    assert.equal(canonicalEmail('a.nn+kz@outlook.com'), 'a.nn@outlook.com');
  });
  it('converts international domains to ASCII', () => {
    assert.equal(canonicalEmail('ann@Пример.қаз'), canonicalEmail('ann@xn--e1afmkfd.xn--80ao21a'));
  });
  it('rejects what is not an address', () => {
    assert.equal(canonicalEmail('no-at-sign'), undefined);
    assert.equal(canonicalEmail('@example.org'), undefined);
    assert.equal(canonicalEmail('ann@'), undefined);
  });
});
