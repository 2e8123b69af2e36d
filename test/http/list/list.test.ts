// The proposed list: the default content is one draft (never published); nothing is published by its
// author alone (nor by the one who submitted it), in the use-case and in the database; every version is
// kept and the public sees the approved one; public pages, the JSON API, CSV (formula cells escaped) and
// FollowTheMoney lines (each entity with its schema's required properties and only real property names).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { EntryContent } from '../../../src/list/entry.ts';
import { approveVersion } from '../../../src/list/approve-version.ts';
import { entryBySlug, versionsOf } from '../../../src/list/entries.repo.ts';
import { returnToDraft } from '../../../src/list/return-to-draft.ts';
import { saveVersion } from '../../../src/list/save-version.ts';
import { submitForReview } from '../../../src/list/submit-for-review.ts';
import { withdrawEntry } from '../../../src/list/withdraw-entry.ts';
import { tr } from '../../browser/support/i18n.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { makeAccount } from '../admin/support.ts';


// Property names of the FtM schemata used, from alephdata/followthemoney followthemoney/schema/*.yaml
// (Thing, LegalEntity, Person; Document, Article; Interval, Interest, Documentation), and their `required`.
const THING = ['name', 'summary', 'description', 'country', 'alias', 'previousName', 'weakAlias', 'sourceUrl', 'publisher', 'publisherUrl', 'wikipediaUrl', 'wikidataId', 'keywords', 'topics', 'address', 'program', 'notes', 'proof', 'modifiedAt', 'retrievedAt', 'createdAt'];
const SCHEMA: Record<string, { properties: string[]; required: string[] }> = {
  Person: { properties: [...THING, 'email', 'phone', 'website', 'status', 'title', 'firstName', 'lastName', 'birthDate', 'position', 'nationality', 'citizenship', 'gender', 'political'], required: ['name'] },
  Article: { properties: [...THING, 'title', 'author', 'publishedAt', 'fileName', 'mimeType', 'language', 'date'], required: ['name'] },
  Documentation: { properties: ['startDate', 'endDate', 'date', 'summary', 'description', 'recordId', 'sourceUrl', 'publisher', 'role', 'status', 'document', 'entity', 'modifiedAt', 'retrievedAt'], required: ['document', 'entity'] },
};
const TOPICS = new Set(['crime', 'gov', 'gov.national', 'gov.security', 'gov.judicial', 'role.pep', 'role.judge', 'role.civil', 'sanction', 'sanction.linked', 'poi', 'mil']);

/** The body as text (superagent would try to parse JSON lines as one JSON document). */
const asText: Parameters<request.Test['parse']>[0] = (res, done: (error: Error | null, body: string) => void) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (body += chunk));
  res.on('end', () => done(null, body));
};

const content = (over: Partial<EntryContent> = {}): EntryContent => ({
  names: { original: 'Иван Петров', latin: 'Ivan Petrov', cyrillic: 'Иван Петров' },
  category: 'lethal-force',
  texts: Object.fromEntries(['en', 'ru', 'kk', 'pl'].map((l) => [l, { position: `Commander (${l})`, institution: `Regional police (${l})`, summary: `Summary in ${l}.` }])),
  sources: [{ title: 'A public report', url: 'https://example.org/report', date: '2012-01-10' }],
  ...over,
});

describe('the proposed list', () => {
  let t: TestApp;
  let [ALICE, BOB, CAROL] = [0, 0, 0];
  before(async () => {
    t = await buildTestApp({ workers: false });
    [ALICE, BOB, CAROL] = await Promise.all(['organiser', 'organiser', 'admin'].map(async (role) => (await makeAccount(t.deps, role as 'organiser')).id)) as [number, number, number];
  });
  after(() => t.close());
  const deps = () => t.deps;

  it('ships one draft from the 2015 statement, with the statement as its source, and publishes nothing', async () => {
    const draft = await entryBySlug(t.db, 'askhat-daulbayev');
    assert.ok(draft);
    assert.equal(draft.state, 'draft');
    assert.equal(draft.published_number, null);
    const [version] = await versionsOf(t.db, draft.id);
    assert.equal(version!.authorId, null);
    assert.deepEqual(version!.sources.map((s) => s.date), ['2015-12-16']);
    assert.match(version!.sources[0]!.title, /Open Dialog Foundation, statement of 16 December 2015/);
    for (const lang of ['en', 'ru', 'kk', 'pl'] as const) assert.ok(version!.texts[lang]?.summary, `${lang} summary`);
    assert.equal(Number((await t.db('list_entries').whereNotNull('published_number').count('* as n'))[0]!.n), 0);
    const page = await request(t.app).get('/en/list').expect(200);
    assert.ok(page.text.includes(tr('en', 'list.empty')));
    assert.ok(page.text.includes(tr('en', 'list.disclaimer')));
    await request(t.app).get('/en/list/askhat-daulbayev').expect(404);
    assert.equal((await request(t.app).get('/api/v1/list').expect(200)).body.count, 0);
  });

  it('the default draft is loaded once: a second load changes nothing', async () => {
    const { loadDefaultList } = await import('../../../src/list/load-default-list.ts');
    await loadDefaultList(t.db);
    const entry = await entryBySlug(t.db, 'askhat-daulbayev');
    assert.equal(entry!.latest_number, 1);
  });

  it('cannot be published by its author alone: the author’s approval is refused, here and by the database', async () => {
    const saved = await saveVersion(deps(), { slug: 'ivan-petrov', content: content(), note: 'first draft', by: ALICE });
    assert.equal(saved.kind, 'saved');
    const { entryId, number } = saved as { entryId: number; number: number };
    assert.deepEqual(await approveVersion(deps(), { entryId, number, by: BOB }), { kind: 'not-in-review' }, 'a draft cannot be approved');
    assert.deepEqual(await submitForReview(deps(), { entryId, number, by: ALICE }), { kind: 'submitted' });
    assert.deepEqual(await approveVersion(deps(), { entryId, number, by: ALICE }), { kind: 'own-version' });
    await assert.rejects(t.db('list_approvals').insert({ entry_id: entryId, number, approver_id: ALICE, author_id: ALICE, submitter_id: ALICE }), /list_approvals_second_organiser/);
    assert.equal((await entryBySlug(t.db, 'ivan-petrov'))!.published_number, null);
    await request(t.app).get('/en/list/ivan-petrov').expect(404);

    assert.deepEqual(await approveVersion(deps(), { entryId, number, by: BOB }), { kind: 'published' });
    const page = await request(t.app).get('/ru/list/ivan-petrov').expect(200);
    assert.ok(page.text.includes('Иван Петров'));
    assert.ok(page.text.includes('Summary in ru.'));
    assert.ok(page.text.includes(tr('ru', 'list.disclaimer')));
    assert.ok(page.text.includes('https://example.org/report'));
  });

  it('nor by the organiser who submitted it: someone else wrote it, they submitted it, a third approves', async () => {
    const saved = (await saveVersion(deps(), { slug: 'second-person', content: content({ names: { original: 'Пётр Сидоров', latin: 'Pyotr Sidorov', cyrillic: 'Пётр Сидоров' }, category: 'torture' }), note: '', by: ALICE })) as { entryId: number; number: number };
    await submitForReview(deps(), { ...saved, by: BOB });
    assert.deepEqual(await approveVersion(deps(), { ...saved, by: BOB }), { kind: 'own-version' });
    await assert.rejects(t.db('list_approvals').insert({ entry_id: saved.entryId, number: saved.number, approver_id: BOB, author_id: ALICE, submitter_id: BOB }), /list_approvals_second_organiser/);
    assert.deepEqual(await approveVersion(deps(), { ...saved, by: CAROL }), { kind: 'published' });
  });

  it('the default draft needs two organisers as well: the one who submits it cannot approve it', async () => {
    const entry = (await entryBySlug(t.db, 'askhat-daulbayev'))!;
    assert.deepEqual(await submitForReview(deps(), { entryId: entry.id, number: 1, by: CAROL }), { kind: 'submitted' });
    assert.deepEqual(await approveVersion(deps(), { entryId: entry.id, number: 1, by: CAROL }), { kind: 'own-version' });
    assert.deepEqual(await returnToDraft(deps(), { entryId: entry.id, by: ALICE, note: 'find a second source first' }), { kind: 'returned' });
    assert.equal((await entryBySlug(t.db, 'askhat-daulbayev'))!.state, 'draft');
  });

  it('an incomplete version cannot go to review', async () => {
    const saved = (await saveVersion(deps(), { slug: 'incomplete', content: content({ texts: { en: { position: 'x', institution: 'y', summary: 'z' } }, sources: [] }), note: '', by: ALICE })) as { entryId: number; number: number };
    const result = await submitForReview(deps(), { ...saved, by: ALICE });
    assert.equal(result.kind, 'incomplete');
    assert.deepEqual((result as { missing: string[] }).missing, ['texts.ru', 'texts.kk', 'texts.pl', 'sources']);
  });

  it('keeps every version: an edit is a new version, the public keeps the approved one until the edit is approved', async () => {
    const entry = (await entryBySlug(t.db, 'ivan-petrov'))!;
    const edited = (await saveVersion(deps(), { entryId: entry.id, slug: 'ivan-petrov', content: content({ texts: { ...content().texts, en: { position: 'Deputy commander', institution: 'Regional police', summary: 'Edited summary.' } } }), note: 'corrected the rank', by: BOB })) as { entryId: number; number: number };
    assert.equal(edited.number, 2);
    const versions = await versionsOf(t.db, entry.id);
    assert.deepEqual(versions.map((v) => v.number), [2, 1]);
    assert.equal(versions[1]!.texts.en!.summary, 'Summary in en.', 'version 1 is unchanged');
    let page = await request(t.app).get('/en/list/ivan-petrov').expect(200);
    assert.ok(page.text.includes('Summary in en.') && !page.text.includes('Edited summary.'), 'the public still sees version 1');
    await submitForReview(deps(), { ...edited, by: BOB });
    assert.deepEqual(await approveVersion(deps(), { ...edited, by: ALICE }), { kind: 'published' }, 'Alice did not write version 2');
    page = await request(t.app).get('/en/list/ivan-petrov').expect(200);
    assert.ok(page.text.includes('Edited summary.'));
    assert.deepEqual(await approveVersion(deps(), { entryId: entry.id, number: 1, by: CAROL }), { kind: 'stale' }, 'an old version cannot be approved');
  });

  it('the public list filters by category (query read through a schema: a bad value is 400) and is cacheable', async () => {
    const all = await request(t.app).get('/pl/list').expect(200);
    assert.ok(all.text.includes('Ivan Petrov') && all.text.includes('Pyotr Sidorov'));
    assert.match(String(all.headers['cache-control']), /^public, .*s-maxage=/);
    assert.equal(all.headers['set-cookie'], undefined);
    assert.match(String(all.headers.etag), /^W\//);
    const torture = await request(t.app).get('/pl/list?category=torture').expect(200);
    assert.ok(torture.text.includes('Pyotr Sidorov') && !torture.text.includes('Ivan Petrov'));
    assert.match(torture.text, /aria-current="page"[^>]*>[^<]*Tortury/);
    await request(t.app).get('/pl/list?category=nope').expect(400);
  });

  it('GET /api/v1/list: the published entries with every language, their sources and the notice', async () => {
    const res = await request(t.app).get('/api/v1/list').expect(200);
    assert.match(String(res.headers['cache-control']), /^public/);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.body.count, 2);
    assert.match(res.body.notice, /proposals/);
    const ivan = res.body.entries.find((e: { slug: string }) => e.slug === 'ivan-petrov');
    assert.deepEqual(Object.keys(ivan.summary).sort(), ['en', 'kk', 'pl', 'ru']);
    assert.equal(ivan.version, 2);
    assert.deepEqual(ivan.sources, [{ title: 'A public report', url: 'https://example.org/report', date: '2012-01-10' }]);
    assert.equal((await request(t.app).get('/api/v1/list?category=torture').expect(200)).body.count, 1);
  });

  it('the CSV export: a header, one row per entry, formula cells escaped', async () => {
    const entry = (await entryBySlug(t.db, 'second-person'))!;
    const formula = (await saveVersion(deps(), { entryId: entry.id, slug: 'second-person', content: content({ names: { original: '=cmd|calc', latin: '+Pyotr Sidorov', cyrillic: '@Пётр' }, category: 'torture', texts: { ...content().texts, en: { position: '-1+1', institution: '\tTab', summary: '=HYPERLINK("http://evil.example","x")' } } }), note: '', by: ALICE })) as { entryId: number; number: number };
    await submitForReview(deps(), { ...formula, by: ALICE });
    assert.equal((await approveVersion(deps(), { ...formula, by: BOB })).kind, 'published');
    const res = await request(t.app).get('/api/v1/list.csv').expect(200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers["content-disposition"]), /^attachment; filename="?zhanaozen-list.csv"?$/);
    const text = res.text.replace(/^\ufeff/, '');
    assert.match(text.split('\r\n')[0]!, /^slug,name_original,name_latin,name_cyrillic,category,position_en/);
    for (const escaped of [`'=cmd|calc`, `'+Pyotr Sidorov`, `'@Пётр`, `'-1+1`, `'\tTab`, `"'=HYPERLINK(""http://evil.example"",""x"")"`]) assert.ok(text.includes(escaped), `${escaped} is escaped`);
    const cells = text.split(/,|\r\n/);
    assert.equal(cells.filter((c) => /^[=+\-@\t]/.test(c)).length, 0, 'no cell starts with a formula character');
  });

  it('the FollowTheMoney export parses; each entity has its schema’s required properties, real property names, real topics, resolvable references', async () => {
    const res = await request(t.app).get('/api/v1/list.ftm.json').buffer(true).parse(asText).expect(200);
    assert.match(String(res.headers['content-type']), /^application\/x-ndjson/);
    const lines = (res.body as string).trimEnd().split('\n');
    const entities = lines.map((line) => JSON.parse(line) as { id: string; schema: string; properties: Record<string, unknown> });
    const ids = new Set(entities.map((e) => e.id));
    assert.equal(ids.size, entities.length, 'ids are unique');
    assert.deepEqual([...new Set(entities.map((e) => e.schema))].sort(), ['Article', 'Documentation', 'Person']);
    assert.equal(entities.filter((e) => e.schema === 'Person').length, 2);
    for (const e of entities) {
      assert.match(e.id, /^[a-z0-9.-]{1,200}$/);
      const schema = SCHEMA[e.schema]!;
      for (const [name, values] of Object.entries(e.properties)) {
        assert.ok(schema.properties.includes(name), `${e.schema}.${name} is a property of the schema`);
        assert.ok(Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string' && v !== ''), `${e.schema}.${name} is a list of strings`);
      }
      for (const name of schema.required) assert.ok((e.properties[name] as string[] | undefined)?.length, `${e.schema} ${e.id} has ${name}`);
      if (e.schema === 'Person') for (const topic of e.properties.topics as string[]) assert.ok(TOPICS.has(topic), `${topic} is an FtM topic`);
      if (e.schema === 'Documentation') {
        assert.equal(entities.find((x) => x.id === (e.properties.document as string[])[0])?.schema, 'Article');
        assert.equal(entities.find((x) => x.id === (e.properties.entity as string[])[0])?.schema, 'Person');
      }
    }
    const ivan = entities.find((e) => e.id === 'dauys-zhanaozen-list-ivan-petrov')!;
    assert.deepEqual(ivan.properties.name, ['Ivan Petrov']);
    assert.deepEqual(ivan.properties.alias, ['Иван Петров']);
    assert.ok((ivan.properties.notes as string[])[0]!.includes('not a finding'));
  });

  it('withdrawing takes an entry off the public list at once; its versions stay', async () => {
    const entry = (await entryBySlug(t.db, 'ivan-petrov'))!;
    assert.deepEqual(await withdrawEntry(deps(), { entryId: entry.id, by: CAROL, note: 'source retracted' }), { kind: 'withdrawn' });
    await request(t.app).get('/en/list/ivan-petrov').expect(404);
    assert.equal((await versionsOf(t.db, entry.id)).length, 2);
  });
});
