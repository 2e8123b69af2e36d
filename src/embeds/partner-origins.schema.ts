// The partner origins organisers list, one a line: each must be an origin and nothing more (scheme, host
// and an optional port), https (http only for this machine, for testing), no path, query, fragment,
// user name, wildcard or '*'. Each becomes a source of the embed's CSP frame-ancestors, so anything a
// browser could read as more than one exact origin is refused.

export const MAX_ORIGINS = 20;
const MAX_LENGTH = 300;

export const ORIGIN_ERRORS = {
  format: 'embeds.admin.errors.format',
  scheme: 'embeds.admin.errors.scheme',
  wildcard: 'embeds.admin.errors.wildcard',
  path: 'embeds.admin.errors.path',
  tooMany: 'embeds.admin.errors.tooMany',
} as const;

type OriginError = (typeof ORIGIN_ERRORS)[keyof typeof ORIGIN_ERRORS];

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3})$/;
const HOST = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;

/** The origin a line names (as URL serialises it: lower case, punycode, default port dropped), or why not. */
export function parseOrigin(line: string): { ok: true; origin: string } | { ok: false; key: OriginError } {
  const value = line.trim();
  if (value.includes('*')) return { ok: false, key: ORIGIN_ERRORS.wildcard };
  if (value.length === 0 || value.length > MAX_LENGTH || /[\s'";,]/.test(value)) return { ok: false, key: ORIGIN_ERRORS.format };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, key: ORIGIN_ERRORS.format };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, key: ORIGIN_ERRORS.scheme };
  if (!/^https?:\/\//i.test(value)) return { ok: false, key: ORIGIN_ERRORS.format }; // "https:example.org"
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || /[?#]/.test(value) || /^https?:\/\/[^/]+\/./i.test(value)) return { ok: false, key: ORIGIN_ERRORS.path };
  if (!HOST.test(url.hostname) || !url.hostname.includes('.') && url.hostname !== 'localhost') return { ok: false, key: ORIGIN_ERRORS.format };
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) return { ok: false, key: ORIGIN_ERRORS.scheme };
  return { ok: true, origin: url.origin };
}

export interface OriginLineError {
  /** The line as typed (for the error summary). */
  readonly line: string;
  readonly key: OriginError;
}

/** Every origin of the text (one a line, blank lines skipped, duplicates once), or every bad line. */
export function parseOriginList(text: string): { ok: true; origins: string[] } | { ok: false; errors: OriginLineError[] } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const origins: string[] = [];
  const errors: OriginLineError[] = [];
  for (const line of lines) {
    const parsed = parseOrigin(line);
    if (!parsed.ok) errors.push({ line: line.slice(0, 80), key: parsed.key });
    else if (!origins.includes(parsed.origin)) origins.push(parsed.origin);
  }
  if (errors.length === 0 && origins.length > MAX_ORIGINS) errors.push({ line: '', key: ORIGIN_ERRORS.tooMany });
  return errors.length ? { ok: false, errors } : { ok: true, origins };
}
