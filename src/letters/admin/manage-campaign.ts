// Use-cases of the organisers' letter pages: each change in one transaction with its audit entry.
// Texts and prisoner entries an organiser saves are marked edited, so the default content never
// overwrites them again.
import type { Db } from '../../db/knex.ts';
import { LANGS, type Lang } from '../../i18n/languages.ts';
import { audit } from '../../admin/index.ts';
import { EU_COUNTRIES } from '../../meps/index.ts';
import type { PrisonerForm, SettingsForm, TargetsForm, TextForm } from './admin-forms.schema.ts';
import { deletePosition, upsertPosition, type Position } from '../positions.repo.ts';

interface Actor {
  readonly db: Db;
  readonly actor: string;
  readonly now: Date;
}

export async function createCampaign(x: Actor, input: { slug: string; copyFrom: number | undefined }): Promise<'created' | 'exists'> {
  return x.db.transaction(async (trx) => {
    const [row] = (await trx('letter_campaigns').insert({ slug: input.slug, status: 'closed', closed_at: x.now, created_at: x.now }).onConflict('slug').ignore().returning('id')) as { id: number }[];
    if (!row) return 'exists' as const;
    if (input.copyFrom !== undefined) {
      // A new campaign starts as a copy of another's texts and targets, closed until an organiser opens it.
      await trx.raw(
        `insert into letter_campaign_translations (campaign_id, lang, title, intro, subject_template, body_template, salutation_female, salutation_male, salutation_neutral, sources, source_hash, edited_at)
         select ?, lang, title, intro, subject_template, body_template, salutation_female, salutation_male, salutation_neutral, sources, 'copy', ? from letter_campaign_translations where campaign_id = ?`,
        [row.id, x.now, input.copyFrom],
      );
      await trx.raw('insert into letter_campaign_targets (campaign_id, kind, value, key) select ?, kind, value, key from letter_campaign_targets where campaign_id = ?', [row.id, input.copyFrom]);
    }
    await audit(trx, { actor: x.actor, action: 'letter_campaign.created', subject: `letter_campaign:${input.slug}`, details: { copiedFrom: input.copyFrom ?? null }, at: x.now });
    return 'created' as const;
  });
}

export async function saveSettings(x: Actor, campaignId: number, slug: string, form: SettingsForm): Promise<void> {
  await x.db.transaction(async (trx) => {
    const before = (await trx('letter_campaigns').where({ id: campaignId }).forUpdate().first('status', 'max_meps', 'per_mep_hourly')) as { status: string; max_meps: number; per_mep_hourly: number };
    await trx('letter_campaigns')
      .where({ id: campaignId })
      .update({ status: form.status, max_meps: form.maxMeps, per_mep_hourly: form.perMepHourly, ...(form.status !== before.status ? { closed_at: form.status === 'closed' ? x.now : null } : {}) });
    await audit(trx, {
      actor: x.actor,
      action: 'letter_campaign.settings_changed',
      subject: `letter_campaign:${slug}`,
      details: { before: { status: before.status, maxMeps: before.max_meps, perMepHourly: before.per_mep_hourly }, after: { status: form.status, maxMeps: form.maxMeps, perMepHourly: form.perMepHourly } },
      at: x.now,
    });
  });
}

export async function saveTargets(x: Actor, campaignId: number, slug: string, form: TargetsForm): Promise<void> {
  const countries = form.countries.length === 0 ? [] : form.countries;
  const key = new Set(form.keyBodies);
  const rows = [
    ...countries.map((value) => ({ kind: 'country', value, key: false })),
    ...[...new Set([...form.bodies, ...form.keyBodies])].map((value) => ({ kind: 'body', value, key: key.has(value) })),
    ...form.groups.map((value) => ({ kind: 'group', value, key: false })),
    ...form.meps.map((value) => ({ kind: 'mep', value: String(value), key: false })),
  ];
  await x.db.transaction(async (trx) => {
    await trx('letter_campaign_targets').where({ campaign_id: campaignId }).delete();
    if (rows.length > 0) await trx('letter_campaign_targets').insert(rows.map((r) => ({ campaign_id: campaignId, ...r })));
    await audit(trx, {
      actor: x.actor,
      action: 'letter_campaign.targets_changed',
      subject: `letter_campaign:${slug}`,
      details: { countries: countries.length === EU_COUNTRIES.length ? 'all' : countries, bodies: form.bodies, keyBodies: form.keyBodies, groups: form.groups, meps: form.meps },
      at: x.now,
    });
  });
}

export async function saveText(x: Actor, campaignId: number, slug: string, lang: Lang, form: TextForm): Promise<void> {
  const row = {
    title: form.title,
    intro: form.intro,
    subject_template: form.subject,
    body_template: form.body,
    salutation_female: form.salutationFemale,
    salutation_male: form.salutationMale,
    salutation_neutral: form.salutationNeutral,
    sources: JSON.stringify(form.sources),
    edited_at: x.now,
    updated_at: x.now,
  };
  await x.db.transaction(async (trx) => {
    await trx('letter_campaign_translations').insert({ campaign_id: campaignId, lang, source_hash: 'organiser', ...row }).onConflict(['campaign_id', 'lang']).merge(Object.keys(row));
    await audit(trx, { actor: x.actor, action: 'letter_campaign.text_edited', subject: `letter_campaign:${slug}`, details: { lang }, at: x.now });
  });
}

export async function savePrisoner(x: Actor, campaignId: number, slug: string, id: number | undefined, form: PrisonerForm): Promise<'saved' | 'ref-taken' | 'not-found'> {
  return x.db.transaction(async (trx) => {
    const values = { ref: form.ref, since: form.since, as_of: form.asOf, source_url: form.sourceUrl, edited_at: x.now, updated_at: x.now };
    const clash = await trx('political_prisoners').where({ campaign_id: campaignId, ref: form.ref }).whereNot('id', id ?? 0).first('id');
    if (clash) return 'ref-taken' as const;
    let prisonerId = id;
    if (prisonerId === undefined) {
      const last = ((await trx('political_prisoners').where({ campaign_id: campaignId }).max('position as max')) as { max: number | null }[])[0]?.max ?? -1;
      const [row] = (await trx('political_prisoners').insert({ campaign_id: campaignId, position: last + 1, ...values }).returning('id')) as { id: number }[];
      prisonerId = row!.id;
    } else if ((await trx('political_prisoners').where({ id: prisonerId, campaign_id: campaignId }).update(values)) === 0) return 'not-found' as const;
    await trx('political_prisoner_translations').where({ prisoner_id: prisonerId }).delete();
    await trx('political_prisoner_translations').insert(LANGS.map((lang) => ({ prisoner_id: prisonerId, lang, name: form[lang].name, sentence: form[lang].sentence, status: form[lang].status, source_label: form[lang].sourceLabel })));
    // Editing an entry is reviewing it: the list counts as reviewed now.
    await trx('letter_campaigns').where({ id: campaignId }).update({ prisoners_reviewed_at: x.now, prisoners_reviewed_by: x.actor });
    await audit(trx, { actor: x.actor, action: id === undefined ? 'prisoner.created' : 'prisoner.updated', subject: `letter_campaign:${slug}`, details: { prisonerId, ref: form.ref, asOf: form.asOf }, at: x.now });
    return 'saved' as const;
  });
}

export async function deletePrisoner(x: Actor, campaignId: number, slug: string, id: number): Promise<boolean> {
  return x.db.transaction(async (trx) => {
    const row = (await trx('political_prisoners').where({ id, campaign_id: campaignId }).first('ref')) as { ref: string } | undefined;
    if (!row) return false;
    await trx('political_prisoners').where({ id }).delete();
    await trx('letter_campaigns').where({ id: campaignId }).update({ prisoners_reviewed_at: x.now, prisoners_reviewed_by: x.actor });
    await audit(trx, { actor: x.actor, action: 'prisoner.deleted', subject: `letter_campaign:${slug}`, details: { prisonerId: id, ref: row.ref }, at: x.now });
    return true;
  });
}

export async function markReviewed(x: Actor, campaignId: number, slug: string, reason: string): Promise<void> {
  await x.db.transaction(async (trx) => {
    await trx('letter_campaigns').where({ id: campaignId }).update({ prisoners_reviewed_at: x.now, prisoners_reviewed_by: x.actor });
    await audit(trx, { actor: x.actor, action: 'prisoners.reviewed', subject: `letter_campaign:${slug}`, reason: reason || null, at: x.now });
  });
}

export async function recordPosition(x: Actor, campaignId: number, slug: string, mepId: number, form: { position: Position; sourceLabel: string; sourceUrl: string | null; statedOn: string }): Promise<void> {
  await x.db.transaction(async (trx) => {
    const before = await upsertPosition(trx, campaignId, { mepId, position: form.position, sourceLabel: form.sourceLabel, sourceUrl: form.sourceUrl, statedOn: form.statedOn, recordedBy: x.actor }, x.now);
    await audit(trx, { actor: x.actor, action: 'mep_position.recorded', subject: `mep:${mepId}`, details: { campaign: slug, before: before?.position ?? null, after: form.position, statedOn: form.statedOn }, at: x.now });
  });
}

export async function removePosition(x: Actor, campaignId: number, slug: string, mepId: number): Promise<void> {
  await x.db.transaction(async (trx) => {
    const removed = await deletePosition(trx, campaignId, mepId);
    if (removed > 0) await audit(trx, { actor: x.actor, action: 'mep_position.removed', subject: `mep:${mepId}`, details: { campaign: slug }, at: x.now });
  });
}
