// View models for the petition pages: progress toward the next milestone, recent public signers,
// the form with its values and errors, and plain share links (no third-party script is loaded).
import { countryName, countryOptions, type CountryOption } from '../i18n/countries.ts';
import { LANG_NAMES, type Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';
import { toSegments, type Segment } from '../campaign/present-campaign.ts';
// eu-seats.ts directly, not reports/index.ts: the index pulls in reports' routes, which would then be
// evaluated inside admin/index.ts's own import cycle (admin → home page → petitions), before requireRole exists.
import { memberStateProgress } from '../reports/eu-seats.ts';
import { fromBlocks, renderMarkdown } from '../lib/markdown.ts';
import { isOpen, type Petition, type PetitionText } from './petition.repo.ts';
import type { FieldError, SignFormValues } from './signature.schema.ts';

export interface ProgressView {
  readonly count: number;
  readonly target: number;
  readonly progressLabel: string;
}

/** The first milestone not yet reached, else the goal (or the count itself once the goal is passed). */
export function nextTarget(count: number, petition: Pick<Petition, 'goal' | 'milestones'>): number {
  const steps = [...petition.milestones, petition.goal].sort((a, b) => a - b);
  return steps.find((s) => s > count) ?? Math.max(petition.goal, count);
}

export function presentProgress(t: Translate, formatNumber: (n: number) => string, count: number, petition: Pick<Petition, 'goal' | 'milestones'>): ProgressView {
  const target = nextTarget(count, petition);
  return { count, target, progressLabel: t('petitions.progress', { count, formattedCount: formatNumber(count), target: formatNumber(target) }) };
}

export interface ShareLink {
  readonly label: string;
  readonly href: string;
}

export function shareLinks(t: Translate, url: string, title: string): ShareLink[] {
  const u = encodeURIComponent(url);
  const text = encodeURIComponent(`${title} ${url}`);
  return [
    { label: t('petitions.share.email'), href: `mailto:?subject=${encodeURIComponent(title)}&body=${text}` },
    { label: 'Telegram', href: `https://t.me/share/url?url=${u}&text=${encodeURIComponent(title)}` },
    { label: 'WhatsApp', href: `https://wa.me/?text=${text}` },
    { label: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { label: 'X', href: `https://x.com/intent/post?url=${u}&text=${encodeURIComponent(title)}` },
  ];
}

export interface PetitionPageView {
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  readonly addressee: string;
  /** The body's Markdown, rendered and sanitised (lib/markdown.ts): the only HTML the view prints raw. */
  readonly bodyHtml: string;
  /** The language the text is in: another than the page's when it has no translation yet. */
  readonly textLang: Lang;
  /** Set when the text is shown in another language: that language's name, for the notice. */
  readonly fallbackFrom?: string;
  readonly asks: string[];
  readonly consent: string;
  readonly updatesConsent: string;
  readonly open: boolean;
  readonly progress: ProgressView;
  readonly recentSigners: { name: string; country: string }[];
  readonly countries: CountryOption[];
  readonly url: string;
  readonly shareLinks: ShareLink[];
  /** The progress per EU member state, when organisers show it (else null). */
  readonly memberStates: MemberStatesView | null;
}

export interface MemberStatesView {
  readonly past: string;
  readonly states: { name: string; signatures: string; minimum: string; reached: boolean }[];
}

function presentMemberStates(lang: Lang, t: Translate, formatNumber: (n: number) => string, byCountry: Readonly<Record<string, number>>): MemberStatesView {
  const { states, pastMinimum } = memberStateProgress(byCountry);
  return {
    past: t('dashboard.public.past', { count: pastMinimum, formatted: formatNumber(pastMinimum), total: formatNumber(states.length) }),
    states: states.map((s) => ({ name: countryName(lang, s.country), signatures: formatNumber(s.signatures), minimum: formatNumber(s.minimum), reached: s.reached })),
  };
}

export interface PetitionPageInput {
  readonly lang: Lang;
  readonly t: Translate;
  readonly formatNumber: (n: number) => string;
  readonly baseUrl: string;
  readonly petition: Petition;
  readonly text: PetitionText;
  /** The language of `text` (the page's, or a fallback when the petition is not translated yet). */
  readonly textLang?: Lang;
  readonly count: number;
  readonly byCountry?: Readonly<Record<string, number>>;
  readonly recent: { name: string; country: string }[];
  readonly now: Date;
}

// Rendering the body's Markdown costs about 0.6 ms; the catalog hands out one text object per load, so
// the HTML is kept with it (per page language: the source links' labels) and made again after an edit.
const bodies = new WeakMap<PetitionText, Map<Lang, string>>();

function bodyHtml(text: PetitionText, lang: Lang, t: Translate): string {
  let byLang = bodies.get(text);
  if (!byLang) bodies.set(text, (byLang = new Map()));
  let html = byLang.get(lang);
  if (html === undefined) {
    html = renderMarkdown(fromBlocks(text.body), { base: `/${lang}/`, label: (n: number) => t('campaign.sourceRef', { n }), known: (n: number) => n >= 1 && n <= 20 });
    byLang.set(lang, html);
  }
  return html;
}

export function presentPetitionPage(input: PetitionPageInput): PetitionPageView {
  const { lang, t, petition, text } = input;
  const url = `${input.baseUrl}/${lang}/petitions/${petition.slug}`;
  const textLang = input.textLang ?? lang;
  return {
    slug: petition.slug,
    title: text.title,
    summary: text.summary,
    addressee: text.addressee,
    bodyHtml: bodyHtml(text, lang, t),
    textLang,
    ...(textLang !== lang ? { fallbackFrom: LANG_NAMES[textLang] } : {}),
    asks: text.asks,
    consent: text.consent,
    updatesConsent: text.updatesConsent,
    open: isOpen(petition, input.now),
    progress: presentProgress(t, input.formatNumber, input.count, petition),
    recentSigners: input.recent.map((r) => ({ name: r.name, country: countryName(lang, r.country) })),
    countries: countryOptions(lang),
    url,
    shareLinks: shareLinks(t, url, text.title),
    memberStates: petition.showMemberStates ? presentMemberStates(lang, t, input.formatNumber, input.byCountry ?? {}) : null,
  };
}

export interface FormView {
  readonly values: SignFormValues;
  readonly errors: { field: string; message: string }[];
  readonly fieldErrors: Record<string, string>;
  readonly rendered: string;
}

export function presentForm(t: Translate, values: SignFormValues, errors: FieldError[], rendered: string): FormView {
  const list = errors.map((e) => ({ field: e.field, message: t(e.key) }));
  return { values, errors: list, fieldErrors: Object.fromEntries(list.map((e) => [e.field, e.message])), rendered };
}

export const EMPTY_FORM: SignFormValues = { name: '', email: '', country: '', postcode: '', public: false, consent: false, updates: false };
