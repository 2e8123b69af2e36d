// The organisers' totals as CSV: one row per month and currency, amounts in major units with a point.
// Only figures and codes, no personal data; every text cell is still guarded against spreadsheet
// formulas (a cell that starts with = + - @ tab or CR gets a leading apostrophe; plain numbers stay).
import { stringify } from 'csv-stringify/sync';
import type { MonthTotals } from './load-totals.ts';

const NUMBER = /^-?\d+(\.\d+)?$/;

export function safeCell(value: string | number): string {
  const text = String(value);
  return NUMBER.test(text) || !/^[=+\-@\t\r\0]/.test(text) ? text : `'${text}`;
}

const major = (minor: number): string => (minor < 0 ? '-' : '') + `${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

export const CSV_COLUMNS = ['month', 'currency', 'one_off_payments', 'one_off_amount', 'monthly_payments', 'monthly_amount', 'refunds', 'refunded_amount', 'net_amount'] as const;

export function totalsCsv(months: readonly MonthTotals[]): string {
  const rows = months.map((m) => [m.month, m.currency, m.oneOffCount, major(m.oneOffMinor), m.monthlyCount, major(m.monthlyMinor), m.refunds, major(m.refundedMinor), major(m.netMinor)].map(safeCell));
  return stringify([[...CSV_COLUMNS], ...rows]);
}
