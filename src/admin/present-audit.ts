// The audit log page's view model: each entry with its actor named (a user's address, shown to admins
// only), the filter form's values and choices, and the links to the next page.
import type { Translate } from '../i18n/i18n.ts';
import type { AuditRow } from './audit.repo.ts';
import type { User } from './users.ts';

export interface AuditFilter {
  readonly action?: string;
  readonly actor?: string;
  readonly before?: number;
}

const OTHER_ACTORS = ['system', 'cli', 'signer', 'anonymous'] as const;
const OTHER_LABELS: Record<(typeof OTHER_ACTORS)[number], string> = {
  system: 'admin.audit.actors.system',
  cli: 'admin.audit.actors.cli',
  signer: 'admin.audit.actors.signer',
  anonymous: 'admin.audit.actors.anonymous',
};

function queryString(filter: AuditFilter, before?: number): string {
  const q = new URLSearchParams();
  if (filter.action) q.set('action', filter.action);
  if (filter.actor) q.set('actor', filter.actor);
  if (before !== undefined) q.set('before', String(before));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function presentAuditPage(input: { page: { rows: AuditRow[]; more: boolean }; users: User[]; filter: AuditFilter; formatDateTime: (d: Date) => string; t: Translate }) {
  const { page, users, filter, t } = input;
  const names = new Map<string, string>(users.map((u) => [`user:${u.id}`, u.email]));
  for (const actor of OTHER_ACTORS) names.set(actor, t(OTHER_LABELS[actor]));
  const entries = page.rows.map((row) => ({
    id: row.id,
    at: input.formatDateTime(row.at),
    atIso: row.at.toISOString(),
    actor: row.actor,
    actorName: names.get(row.actor) ?? row.actor,
    action: row.action,
    subject: row.subject,
    subjectName: row.subject.startsWith('user:') ? names.get(row.subject) : undefined,
    details: Object.keys(row.details ?? {}).length > 0 ? JSON.stringify(row.details) : '',
    reason: row.reason ?? '',
  }));
  const last = page.rows.at(-1);
  return {
    entries,
    filter: { action: filter.action ?? '', actor: filter.actor ?? '' },
    actors: [...users.map((u) => ({ value: `user:${u.id}`, label: u.email })), ...OTHER_ACTORS.map((a) => ({ value: a, label: t(OTHER_LABELS[a]) }))],
    olderHref: page.more && last ? `/admin/audit${queryString(filter, last.id)}` : undefined,
    newestHref: filter.before !== undefined ? `/admin/audit${queryString(filter)}` : undefined,
  };
}
