// Normalises one-line text from forms: NFC, no control or bidi-override characters, white space folded.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

export function cleanLine(value: string): string {
  return value.normalize('NFC').replace(/[\r\n\t]+/g, ' ').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}
