// Helpers for the content tests: a signed-in organiser posting the content forms with their token, and
// a petition text form filled in.
import { csrfOf, type Browser } from '../admin/support.ts';

export async function submit(browser: Browser, page: string, path: string, fields: Record<string, string>) {
  return browser.post(path, { ...fields, _csrf: csrfOf((await browser.get(page)).text) });
}

export function petitionText(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Free the oil workers',
    summary: 'A short summary of the petition.',
    addressee: 'The European Parliament',
    body: 'First paragraph with **bold** and a [source](https://example.org/report) [1].\n\nSecond paragraph.',
    asks: 'Adopt the list\nRelease the prisoners',
    consent: 'I agree that my signature is stored.',
    updatesConsent: 'Send me updates.',
    action: 'save',
    ...overrides,
  };
}
