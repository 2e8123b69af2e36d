// The published list as FollowTheMoney entities, one JSON object per line (the format OpenSanctions and
// Aleph read: {"id", "schema", "properties": {name: [values]}}), with the property names of the FtM schema
// (followthemoney/schema/*.yaml): a Person per entry (name, alias, position, country, topics, summary,
// notes, keywords, sourceUrl, modifiedAt), an Article per source (name, title, publishedAt, sourceUrl),
// and a Documentation linking each source to its person (document, entity, role).
//
// Topics: FtM's vocabulary (followthemoney/types/topic.py) has no "sanction proposal" value, and "sanction"
// would claim a sanction exists. Entries carry "poi" (person of interest); that they are proposals, and
// their category, is said in `notes` and `keywords`.
import { createHash } from 'node:crypto';
import { CATEGORY_ENGLISH } from './categories.ts';
import type { PublishedEntry } from './entries.repo.ts';

export interface FtmEntity {
  readonly id: string;
  readonly schema: 'Person' | 'Article' | 'Documentation';
  readonly properties: Readonly<Record<string, readonly string[]>>;
}

const PREFIX = 'dauys-zhanaozen-list';
const unique = (values: readonly string[]) => [...new Set(values.filter((v) => v !== ''))];
const sourceId = (s: { title: string; url: string | null; date: string | null }) =>
  `${PREFIX}-source-${createHash('sha1').update(`${s.url ?? ''}\n${s.title}\n${s.date ?? ''}`).digest('hex').slice(0, 20)}`;

export function listEntities(entries: readonly PublishedEntry[]): FtmEntity[] {
  const entities = new Map<string, FtmEntity>();
  for (const { slug, version: v, publishedAt } of entries) {
    const personId = `${PREFIX}-${slug}`;
    const en = v.texts.en;
    entities.set(personId, {
      id: personId,
      schema: 'Person',
      properties: {
        name: [v.names.latin],
        alias: unique([v.names.original, v.names.cyrillic].filter((n) => n !== v.names.latin)),
        position: unique(Object.values(v.texts).map((t) => [t.position, t.institution].filter(Boolean).join(', '))),
        country: ['kz'],
        topics: ['poi'],
        summary: en ? [en.summary] : [],
        notes: [`Proposed for the Zhanaozen list: a proposal with its public sources, not a finding. Category: ${CATEGORY_ENGLISH[v.category]}.`],
        keywords: ['Zhanaozen list (proposal)', CATEGORY_ENGLISH[v.category]],
        sourceUrl: unique(v.sources.flatMap((s) => (s.url ? [s.url] : []))),
        modifiedAt: [publishedAt.toISOString().slice(0, 10)],
      },
    });
    v.sources.forEach((s, i) => {
      const docId = sourceId(s);
      if (!entities.has(docId)) {
        entities.set(docId, { id: docId, schema: 'Article', properties: { name: [s.title], title: [s.title], ...(s.date ? { publishedAt: [s.date] } : {}), ...(s.url ? { sourceUrl: [s.url] } : {}) } });
      }
      const linkId = `${personId}-documentation-${i + 1}`;
      entities.set(linkId, { id: linkId, schema: 'Documentation', properties: { document: [docId], entity: [personId], role: ['source'] } });
    });
  }
  // Empty properties are left out, as FtM's own serialiser does.
  return [...entities.values()].map((e) => ({ ...e, properties: Object.fromEntries(Object.entries(e.properties).filter(([, values]) => values.length > 0)) }));
}

export function listFtmLines(entries: readonly PublishedEntry[]): string {
  return listEntities(entries).map((e) => `${JSON.stringify(e)}\n`).join('');
}
