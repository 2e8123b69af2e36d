// The organisers' CSV: amounts in major units, and no cell a spreadsheet would run as a formula.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeCell, totalsCsv } from '../../src/donations/totals-csv.ts';

describe('donation totals CSV', () => {
  it('guards text cells that start like a formula; numbers, negative ones included, stay numbers', () => {
    for (const [cell, out] of [['=HYPERLINK("x")', '\'=HYPERLINK("x")'], ['+1+1', "'+1+1"], ['-cmd', "'-cmd"], ['@SUM(A1)', "'@SUM(A1)"], ['\tx', "'\tx"], ['\rx', "'\rx"], ['EUR', 'EUR'], ['-12.50', '-12.50'], ['0', '0'], [42, '42']] as const) {
      assert.equal(safeCell(cell), out, JSON.stringify(cell));
    }
  });

  it('one row per month and currency, amounts with two decimals', () => {
    const csv = totalsCsv([{ month: '2026-12', currency: 'PLN', oneOffCount: 2, oneOffMinor: 10005, monthlyCount: 1, monthlyMinor: 5000, refunds: 1, refundedMinor: 20000, netMinor: -4995 }]);
    assert.equal(csv, 'month,currency,one_off_payments,one_off_amount,monthly_payments,monthly_amount,refunds,refunded_amount,net_amount\n2026-12,PLN,2,100.05,1,50.00,1,200.00,-49.95\n');
  });
});
