// View models of the organisers' list pages: entries with their state, every version in full (newest
// first), the history of events, and which actions the signed-in organiser may take.
import { LANGS } from '../i18n/languages.ts';
import { CATEGORIES, CATEGORY_KEYS } from './categories.ts';
import { missingForReview } from './entry.ts';
import type { EntryRow, EntryState, EventAction, EventRow, Version } from './entries.repo.ts';

export const STATE_KEYS: Record<EntryState, string> = {
  draft: 'list.admin.states.draft',
  in_review: 'list.admin.states.in_review',
  published: 'list.admin.states.published',
};

const ACTION_KEYS: Record<EventAction, string> = {
  drafted: 'list.admin.actions.drafted',
  edited: 'list.admin.actions.edited',
  submitted: 'list.admin.actions.submitted',
  approved: 'list.admin.actions.approved',
  returned: 'list.admin.actions.returned',
  withdrawn: 'list.admin.actions.withdrawn',
};

export const categoryOptions = () => CATEGORIES.map((c) => ({ value: c, labelKey: CATEGORY_KEYS[c] }));

export function presentEntryRow(entry: EntryRow, latest: Version | undefined) {
  return {
    id: entry.id,
    href: `/admin/list/${entry.id}`,
    slug: entry.slug,
    name: latest?.names.latin ?? entry.slug,
    categoryKey: latest ? CATEGORY_KEYS[latest.category] : undefined,
    stateKey: STATE_KEYS[entry.state],
    latest: entry.latest_number,
    published: entry.published_number,
  };
}

export function presentVersion(v: Version) {
  return {
    number: v.number,
    author: v.authorId,
    note: v.note,
    createdAt: v.createdAt,
    names: v.names,
    categoryKey: CATEGORY_KEYS[v.category],
    texts: LANGS.map((lang) => ({ lang, ...(v.texts[lang] ?? { position: '', institution: '', summary: '' }) })),
    sources: v.sources,
  };
}

export function presentEntryPage(input: { entry: EntryRow; versions: readonly Version[]; events: readonly EventRow[]; submitter: number | null | undefined; reports: readonly string[]; viewer: number }) {
  const { entry, versions, viewer } = input;
  const latest = versions[0];
  const ownVersion = latest ? latest.authorId === viewer || input.submitter === viewer : true;
  return {
    id: entry.id,
    slug: entry.slug,
    name: latest?.names.latin ?? entry.slug,
    stateKey: STATE_KEYS[entry.state],
    state: entry.state,
    latestNumber: entry.latest_number,
    publishedNumber: entry.published_number,
    publicHref: entry.published_number ? `/en/list/${entry.slug}` : undefined,
    missing: latest ? missingForReview(latest) : [],
    can: {
      submit: entry.state === 'draft' && latest !== undefined && missingForReview(latest).length === 0,
      approve: entry.state === 'in_review' && !ownVersion,
      review: entry.state === 'in_review',
      withdraw: entry.published_number !== null,
    },
    ownVersion,
    versions: versions.map(presentVersion),
    events: input.events.map((e) => ({ number: e.number, actionKey: ACTION_KEYS[e.action], actor: e.actor_id, note: e.note, at: e.at })),
    reports: input.reports.map((id) => ({ id, shortId: id.slice(0, 8), href: `/admin/evidence/${id}` })),
  };
}
