// Formula injection in CSV cells: every dangerous first character gets a leading apostrophe, nothing
// else changes, numbers stay numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeCell, safeRow } from '../../src/reports/csv-cell.ts';

describe('csv cells', () => {
  it('prefixes cells that a spreadsheet would run as a formula', () => {
    for (const value of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '\0x', '＝1', '＋1', '－1', '＠x']) assert.equal(safeCell(value), `'${value}`, JSON.stringify(value));
  });
  it('leaves other text alone, including a formula sign later in the cell', () => {
    for (const value of ['Aigerim', 'Жанар Әбілқызы', 'a=1', ' =1', "'=1", '', '1-2']) assert.equal(safeCell(value), value, JSON.stringify(value));
  });
  it('keeps numbers as numbers', () => {
    assert.deepEqual(safeRow(['=x', -5, 'ok']), ["'=x", -5, 'ok']);
  });
});
