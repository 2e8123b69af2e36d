// View models of the organisers' evidence pages: coarse metadata only (days, sizes, counts, status), the
// parts of a report with the keys each was encrypted to, and the keys with their state.
import type { Translate } from '../i18n/i18n.ts';
import { formatFingerprint } from './organiser-key.ts';
import type { KeyRow } from './keys.repo.ts';
import type { PartRow, ReportRow, ReportStatus, ReportSummaryRow } from './reports.repo.ts';
import { REPORT_STATUSES } from './reports.repo.ts';

export const ADMIN_STATUS_KEYS: Record<ReportStatus, string> = {
  new: 'evidence.admin.statuses.new',
  in_review: 'evidence.admin.statuses.in_review',
  used: 'evidence.admin.statuses.used',
  rejected: 'evidence.admin.statuses.rejected',
};

const KIND_KEYS = { message: 'evidence.admin.kinds.message', file: 'evidence.admin.kinds.file', reply: 'evidence.admin.kinds.reply' } as const;

/** "1.2 MB", "340 KB": sizes of ciphertext, rounded. */
export function formatSize(bytes: number, formatNumber: (n: number) => string): string {
  if (bytes >= 1024 * 1024) return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
  return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/** The day a report will be deleted (none when kept). */
export function expiresOn(lastActivityOn: string, retentionDays: number, keep: boolean): string | undefined {
  if (keep) return undefined;
  const day = new Date(`${lastActivityOn}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + retentionDays);
  return day.toISOString().slice(0, 10);
}

export const shortId = (id: string) => id.slice(0, 8);

export function presentReportRow(row: ReportSummaryRow, retentionDays: number, formatNumber: (n: number) => string) {
  return {
    id: row.id,
    shortId: shortId(row.id),
    href: `/admin/evidence/${row.id}`,
    receivedOn: row.received_on,
    lastActivityOn: row.last_activity_on,
    size: formatSize(row.size, formatNumber),
    messages: row.messages,
    files: row.files,
    replies: row.replies,
    statusKey: ADMIN_STATUS_KEYS[row.status],
    keep: row.keep,
    expiresOn: expiresOn(row.last_activity_on, retentionDays, row.keep),
  };
}

export function presentReport(report: ReportRow, parts: readonly PartRow[], retentionDays: number, formatNumber: (n: number) => string) {
  return {
    id: report.id,
    shortId: shortId(report.id),
    receivedOn: report.received_on,
    lastActivityOn: report.last_activity_on,
    status: report.status,
    statusKey: ADMIN_STATUS_KEYS[report.status],
    keep: report.keep,
    lang: report.lang,
    expiresOn: expiresOn(report.last_activity_on, retentionDays, report.keep),
    size: formatSize(parts.reduce((sum, p) => sum + Number(p.size), 0), formatNumber),
    parts: parts.map((p) => ({
      seq: p.seq,
      kindKey: KIND_KEYS[p.kind],
      day: p.received_on,
      size: formatSize(Number(p.size), formatNumber),
      recipients: p.recipients.map((f) => formatFingerprint(f).slice(-19)),
      repliedBy: p.replied_by,
    })),
  };
}

export const statusOptions = (t: Translate) => REPORT_STATUSES.map((s) => ({ value: s, label: t(ADMIN_STATUS_KEYS[s]) }));

export type KeyState = 'active' | 'expired' | 'retired';
const KEY_STATE_KEYS: Record<KeyState, string> = { active: 'evidence.admin.keys.active', expired: 'evidence.admin.keys.expired', retired: 'evidence.admin.keys.retired' };

export function presentKey(row: KeyRow, now: Date) {
  const state: KeyState = row.retired_at ? 'retired' : row.expires_at && row.expires_at <= now ? 'expired' : 'active';
  return {
    id: row.id,
    fingerprint: formatFingerprint(row.fingerprint),
    label: row.label,
    algorithm: row.algorithm,
    createdAt: row.key_created_at,
    expiresAt: row.expires_at,
    addedAt: row.added_at,
    stateKey: KEY_STATE_KEYS[state],
    active: state === 'active',
  };
}
