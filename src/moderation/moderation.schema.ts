// The moderators' forms: a reason (every action), and the bulk filter (by email domain or IP hash) with
// its action. Values come back as typed so a 422 shows them again; errors are translation keys by field.
import { z } from 'zod';
import { canonicalDomainOf } from '../petitions/index.ts';

export const REASON_MAX = 500;

export interface FieldError {
  readonly field: string;
  readonly key: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const text = (max: number) => z.string().max(max * 4).optional().transform((v) => (v ?? '').normalize('NFC').replace(/[\p{Cc}]/gu, ' ').trim());
const reasonSchema = z.object({ reason: text(REASON_MAX) });

/** The reason of a one-signature action (required: it is what the hearing report shows). */
export function reasonValue(body: Record<string, unknown>): string {
  const parsed = reasonSchema.safeParse(body);
  return parsed.success ? parsed.data.reason : '';
}

export function parseReason(reason: string): Parsed<string> {
  if (reason === '') return { ok: false, errors: [{ field: 'reason', key: 'moderation.errors.reason' }] };
  if (reason.length > REASON_MAX) return { ok: false, errors: [{ field: 'reason', key: 'moderation.errors.reasonLong' }] };
  return { ok: true, value: reason };
}

export interface BulkValues {
  readonly by: string;
  readonly value: string;
  readonly action: string;
  readonly reason: string;
}

export interface BulkForm {
  readonly by: 'domain' | 'ip';
  readonly value: string;
  readonly action: 'invalidate' | 'restore';
  readonly reason: string;
}

const bulkSchema = z.object({ by: text(10), value: text(253), action: text(12), reason: text(REASON_MAX) });

export function bulkValues(body: Record<string, unknown>): BulkValues {
  const parsed = bulkSchema.safeParse(body);
  return parsed.success ? parsed.data : { by: 'domain', value: '', action: 'invalidate', reason: '' };
}

const IP_PREFIX = /^[0-9a-fA-F]{8,64}$/;

export function parseBulk(values: BulkValues): Parsed<BulkForm> {
  const errors: FieldError[] = [];
  const by = values.by === 'ip' ? 'ip' : values.by === 'domain' ? 'domain' : undefined;
  if (!by) errors.push({ field: 'by-domain', key: 'moderation.errors.by' });
  else if (by === 'domain' && !canonicalDomainOf(values.value)) errors.push({ field: 'value', key: 'moderation.errors.domain' });
  else if (by === 'ip' && !IP_PREFIX.test(values.value)) errors.push({ field: 'value', key: 'moderation.errors.ipHash' });
  const action = values.action === 'invalidate' || values.action === 'restore' ? values.action : undefined;
  if (!action) errors.push({ field: 'action-invalidate', key: 'moderation.errors.action' });
  const reason = parseReason(values.reason);
  if (!reason.ok) errors.push(...reason.errors);
  if (errors.length > 0 || !by || !action || !reason.ok) return { ok: false, errors };
  return { ok: true, value: { by, value: values.value, action, reason: reason.value } };
}
