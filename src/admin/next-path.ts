// Where to go after the login page or the language switcher: a path of this site under /admin, with an
// optional query; anything else (another site, //host, a scheme, backslashes, control characters) → /admin.
const SAFE = /^\/admin(?:\/[A-Za-z0-9._~%!$&'()*+,;=:@-]*)*(?:\?[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$/;

export function localAdminPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 1000 || !SAFE.test(raw) || raw.includes('//') || /\/\.\.?(?:\/|$|\?)/.test(raw)) return '/admin';
  try {
    const url = new URL(raw, 'http://dauys.invalid');
    if (url.origin !== 'http://dauys.invalid' || !(url.pathname === '/admin' || url.pathname.startsWith('/admin/'))) return '/admin';
  } catch {
    return '/admin';
  }
  return raw;
}
