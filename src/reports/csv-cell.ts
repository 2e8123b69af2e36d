// Spreadsheet formula injection (OWASP "CSV injection", ASVS 1.2.10): a text cell that starts with = + - @,
// a tab, a carriage return or NUL (or the full-width = + - @) could run as a formula when the file is
// opened in a spreadsheet, so it gets a leading apostrophe and is shown as text. Numbers stay numbers.
const FORMULA_START = /^[=+\-@\t\r\0\uFF1D\uFF0B\uFF0D\uFF20]/;

export const safeCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** A row for csv-stringify: text cells made safe, numbers as they are. */
export const safeRow = (cells: readonly (string | number)[]): (string | number)[] => cells.map((c) => (typeof c === 'number' ? c : safeCell(c)));
