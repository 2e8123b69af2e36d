// Amounts typed into the donate form, in minor units without floating point; bounds per currency.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBounds, parseAmount, RULES } from '../../src/donations/amounts.ts';
import { parseDonateForm } from '../../src/donations/donate.schema.ts';
import { parseApiBase } from '../../src/donations/stripe-client.ts';
import { formatMoney } from '../../src/donations/money.ts';

describe('donation amounts', () => {
  it('parseAmount: whole and decimal amounts, point or comma, grouped thousands', () => {
    const cases: [string, number | undefined][] = [
      ['25', 2500], ['25.5', 2550], ['25,50', 2550], ['0.01', 1], [' 7 ', 700], ['1 000', 100000], ['1\u00a0000,99', 100099], ['12\u202f345', 1234500],
      ['', undefined], ['abc', undefined], ['1e3', undefined], ['-5', undefined], ['+5', undefined], ['0x10', undefined], ['25.505', undefined], ['25,', undefined],
      ['.5', undefined], ['1,000.00', undefined], ['10 00', undefined], ['١٢', undefined], ['25 €', undefined], ['9999999999', undefined], ['NaN', undefined], ['Infinity', undefined],
    ];
    for (const [typed, minor] of cases) assert.equal(parseAmount(typed), minor, JSON.stringify(typed));
  });

  it('bounds per currency, in major units', () => {
    assert.equal(checkBounds('EUR', RULES.EUR.min * 100 - 1), 'too-small');
    assert.equal(checkBounds('EUR', RULES.EUR.min * 100), undefined);
    assert.equal(checkBounds('PLN', 999), 'too-small');
    assert.equal(checkBounds('PLN', 2_000_000), undefined);
    assert.equal(checkBounds('PLN', 2_000_001), 'too-large');
    assert.equal(checkBounds('USD', 500_001), 'too-large');
    for (const rules of Object.values(RULES)) for (const preset of rules.presets) assert.ok(preset >= rules.min && preset <= rules.max && rules.presets.includes(rules.defaultPreset));
  });

  it('the form: a preset, another amount, a partner’s direct amount; each problem tied to its field', () => {
    assert.deepEqual(parseDonateForm({ amount: '25', currency: 'EUR', frequency: 'once' }), { ok: true, value: { currency: 'EUR', frequency: 'once', amountMinor: 2500 } });
    assert.deepEqual(parseDonateForm({ amount: 'other', custom: '12,50', currency: 'pln', frequency: 'monthly' }), { ok: true, value: { currency: 'PLN', frequency: 'monthly', amountMinor: 1250 } });
    assert.deepEqual(parseDonateForm({ amount: '33.30', currency: 'USD' }), { ok: true, value: { currency: 'USD', frequency: 'once', amountMinor: 3330 } });
    const bad = parseDonateForm({ amount: 'other', custom: '1', currency: 'GBP', frequency: 'yearly' });
    assert.equal(bad.ok, false);
    // Bounds need a currency: with none, only the currency (and the frequency) are reported.
    if (!bad.ok) assert.deepEqual(bad.errors.map((e) => `${e.field}:${e.key}`), ['currency:donations.errors.currency', 'frequency:donations.errors.frequency']);
    const letters = parseDonateForm({ amount: 'other', custom: 'ten', currency: 'EUR' });
    if (!letters.ok) assert.deepEqual(letters.errors.map((e) => `${e.field}:${e.key}`), ['custom:donations.errors.notANumber']);
    assert.equal(letters.ok, false);
    const small = parseDonateForm({ amount: 'other', custom: '1', currency: 'EUR' });
    assert.ok(!small.ok && small.errors[0]!.key === 'donations.errors.tooSmall' && small.errors[0]!.vars?.min === 2);
    const repeated = parseDonateForm({ amount: ['25', '50'], currency: 'EUR' });
    assert.ok(!repeated.ok);
  });

  it('STRIPE_API_BASE → the client’s host, port and protocol', () => {
    assert.deepEqual(parseApiBase('http://127.0.0.1:12111'), { host: '127.0.0.1', port: 12111, protocol: 'http' });
    assert.deepEqual(parseApiBase('https://stripe-mock.internal'), { host: 'stripe-mock.internal', port: 443, protocol: 'https' });
    assert.deepEqual(parseApiBase('http://[::1]:8080/'), { host: '::1', port: 8080, protocol: 'http' });
  });

  it('money in each language', () => {
    assert.equal(formatMoney('en', 'EUR', 2500), '€25');
    assert.equal(formatMoney('en', 'EUR', 2550), '€25.50');
    assert.match(formatMoney('pl', 'PLN', 10000), /^100\szł$/);
    assert.match(formatMoney('ru', 'EUR', 1), /^0,01\s€$/);
  });
});
