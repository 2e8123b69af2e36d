// Chooses a language for GET /: the `lang` cookie first, then Accept-Language (kk, ru, pl, else en).
import { DEFAULT_LANG, isLang, type Lang } from './languages.ts';

interface Preference {
  readonly tag: string;
  readonly q: number;
  readonly order: number;
}

function parseAcceptLanguage(header: string): Preference[] {
  return header
    .split(',')
    .slice(0, 30)
    .map((part, order) => {
      const [rawTag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { tag: rawTag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((p) => p.tag !== '' && p.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
}

export function negotiateLanguage(cookieLang: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(cookieLang)) return cookieLang;
  for (const { tag } of parseAcceptLanguage(acceptLanguage ?? '')) {
    const primary = tag.split('-')[0];
    if (isLang(primary)) return primary;
  }
  return DEFAULT_LANG;
}
