// Turns stored campaign text into a view model: paragraphs become text and footnote segments, so views
// print everything escaped and link each [n] to its numbered source.
import type { CampaignText } from './campaign.repo.ts';
import type { Source } from './campaign.schema.ts';

export type Segment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'ref'; readonly n: number };

export interface CampaignView {
  readonly title: string;
  readonly lead: Segment[];
  readonly sections: { readonly id: string; readonly heading: string; readonly paragraphs: Segment[][] }[];
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

export function presentCampaign(campaign: CampaignText): CampaignView {
  const known = new Set(campaign.sources.map((s) => s.n));
  return {
    title: campaign.title,
    lead: toSegments(campaign.lead, known),
    sections: campaign.sections.map((s) => ({ id: s.id, heading: s.heading, paragraphs: s.paragraphs.map((p) => toSegments(p, known)) })),
    sources: [...campaign.sources].sort((a, b) => a.n - b.n),
    updatedAt: campaign.updatedAt,
  };
}
