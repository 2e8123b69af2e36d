// Turns stored campaign text into a view model: the lead becomes text and footnote segments (printed
// escaped), each section's paragraphs are Markdown rendered and sanitised (lib/markdown.ts, the same
// renderer as the organisers' preview); each [n] links to its numbered source.
import type { CampaignText } from './campaign.repo.ts';
import type { Source } from './campaign.schema.ts';
import { fromBlocks, renderMarkdown } from '../lib/markdown.ts';

export type Segment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'ref'; readonly n: number };

export interface CampaignView {
  readonly title: string;
  readonly lead: Segment[];
  /** Each section's text as sanitised HTML (the only HTML the view prints raw). */
  readonly sections: { readonly id: string; readonly heading: string; readonly html: string }[];
  readonly sources: Source[];
  readonly updatedAt: Date;
}

export function toSegments(text: string, knownSources: ReadonlySet<number>): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(/\s?\[(\d{1,2})\]/g)) {
    const n = Number(match[1]);
    if (!knownSources.has(n)) continue;
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    segments.push({ kind: 'ref', n });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

export function presentCampaign(campaign: CampaignText, refLabel: (n: number) => string): CampaignView {
  const known = new Set(campaign.sources.map((s) => s.n));
  const refs = { base: '', label: refLabel, known: (n: number) => known.has(n) };
  return {
    title: campaign.title,
    lead: toSegments(campaign.lead, known),
    sections: campaign.sections.map((s) => ({ id: s.id, heading: s.heading, html: renderMarkdown(fromBlocks(s.paragraphs), refs) })),
    sources: [...campaign.sources].sort((a, b) => a.n - b.n),
    updatedAt: campaign.updatedAt,
  };
}
