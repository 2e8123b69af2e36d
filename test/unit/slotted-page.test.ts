import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillSlots, slotPage } from '../../src/web/slotted-page.ts';

describe('slotted page', () => {
  it('fills every occurrence of each slot, in document order, keeping multi-byte text intact', () => {
    const page = slotPage('<p>Жаңаөзен [[a]] – [[b]] … [[a]]</p>', { a: '[[a]]', b: '[[b]]' });
    assert.deepEqual(page.slots, ['a', 'b', 'a']);
    assert.equal(Buffer.concat(fillSlots(page, { a: 'token', b: '1.sig' })).toString('utf8'), '<p>Жаңаөзен token – 1.sig … token</p>');
  });
  it('leaves a page without slots as it is', () => {
    const page = slotPage('<p>plain</p>', { a: '[[a]]' });
    assert.equal(page.parts.length, 1);
    assert.equal(Buffer.concat(fillSlots(page, { a: 'x' })).toString('utf8'), '<p>plain</p>');
  });
});
