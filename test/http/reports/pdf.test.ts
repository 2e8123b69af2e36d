// The printed report: A4, Noto Sans embedded, and the text pdftotext (poppler-utils) extracts from it in
// Kazakh and in Polish has the right words (titles, the member-state table, the method, the digest, the
// page numbers) and the right numbers, formatted for the language.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { seedConfirmedSignatures } from '../../../bench/seed-signatures.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { invalidateAsModeration, petitionId } from '../../support/signatures.ts';
import { makeAccount, signedIn, type Browser } from '../admin/support.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-pdf-'));

/** The PDF's text as pdftotext lays it out, no-break spaces as spaces. */
function pdfText(pdf: Buffer): string {
  const file = path.join(tmp, `r${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' ');
}

const pdfInfo = (pdf: Buffer, tool: 'pdfinfo' | 'pdffonts'): string => {
  const file = path.join(tmp, `i${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync(tool, [file], { encoding: 'utf8' });
};

describe('hearing report PDF', () => {
  let t: TestApp;
  let organiser: Browser;
  before(async () => {
    t = await buildTestApp({ workers: false });
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), new Date());
    const petition = await petitionId(t.deps);
    await seedConfirmedSignatures(t.db, { petitionId: petition, count: 1500, encryptionKey: t.deps.secrets.encryptionKey, until: new Date('2026-11-30T18:00:00Z') });
    const [one] = (await t.db('signatures').where({ petition_id: petition }).orderBy('id').limit(1).select('id')) as { id: string }[];
    await invalidateAsModeration(t.deps, String(one!.id), 'Duplicate signer');
  });
  after(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function get(lang: string, slug = 'zhanaozen-list'): Promise<{ pdf: Buffer; json: Record<string, any> }> {
    const res = await request(t.app)
      .get(`/admin/petitions/${slug}/report.pdf?lang=${lang}`)
      .set({ Cookie: organiser.cookieHeader() })
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), new RegExp(`^attachment; filename="hearing-report-${slug}-\\d{4}-\\d\\d-\\d\\d-${lang}\\.pdf"$`));
    const json = JSON.parse((await organiser.get(`/admin/petitions/${slug}/report.json?lang=${lang}`)).text) as Record<string, any>;
    return { pdf: res.body as Buffer, json };
  }

  it('is A4 with Noto Sans embedded', async () => {
    const { pdf } = await get('kk');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const info = pdfInfo(pdf, 'pdfinfo');
    assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    assert.ok(Number(info.match(/Pages:\s+(\d+)/)?.[1]) >= 3, info);
    assert.match(info, /Title:\s+Тыңдауға арналған есеп: /);
    const fonts = pdfInfo(pdf, 'pdffonts');
    assert.match(fonts, /NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
    assert.match(fonts, /NotoSans-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
    assert.doesNotMatch(fonts, /Helvetica/, 'only the embedded fonts');
  });

  it('in Kazakh: the words and numbers of the report', async () => {
    const { pdf, json } = await get('kk');
    const text = pdfText(pdf);
    const kk = new Intl.NumberFormat('kk-KZ');
    const n = (value: number) => kk.format(value).replace(/\u00a0/g, ' ');
    assert.equal(json.totals.confirmed, 1499);
    for (const words of ['Тыңдауға арналған есеп', 'Қорытынды', 'Расталған қолдар', 'ЕО-ға мүше мемлекеттер', 'Күн сайынғы расталған қолдар (UTC)', 'Әдістеме', 'Екі сатылы растау', 'Тұтастық дайджесті', 'Белгіленген, бірақ есепке алынған', 'Dauys – Еуропалық азаматтық бастама (ЕАБ) емес', 'Қазақстан', 'Польша', 'Duplicate signer']) {
      assert.ok(text.includes(words), `"${words}" is in the Kazakh PDF`);
    }
    assert.match(text, new RegExp(`Расталған қолдар\\s+${n(1499)}`), 'the total, grouped as in Kazakh');
    const pl = json.byCountry.euMemberStates.find((s: { country: string }) => s.country === 'PL');
    assert.match(text, new RegExp(`Польша \\(PL\\)\\s+${n(pl.signatures)}\\s+53\\s+${n(38_160)}`), 'Poland: signatures, seats, ECI-style minimum');
    assert.match(text, new RegExp(`Мальта \\(MT\\)\\s+${n(json.byCountry.euMemberStates.find((s: { country: string }) => s.country === 'MT').signatures)}\\s+6\\s+${n(4320)}`));
    assert.ok(text.includes(json.digest.value), 'the whole digest');
    assert.match(text, /Бет 1 \/ \d+ · жасалды: .* · дайджест [0-9a-f]{16}/);
    assert.match(text, /Модераторлар жарамсыз деп таныған, есепке алынбаған расталған қолдар: 1\./);
    assert.ok(text.includes('2026-11-30') && text.includes('2026-09-02'), 'the first and last days under the chart and in the table');
  });

  it('in Polish: the words and numbers of the report', async () => {
    const { pdf, json } = await get('pl');
    const text = pdfText(pdf);
    if (process.env.DUMP_PDF) fs.writeFileSync(process.env.DUMP_PDF, pdf);
    const plFormat = new Intl.NumberFormat('pl-PL');
    const n = (value: number) => plFormat.format(value).replace(/\u00a0/g, ' ');
    for (const words of ['Raport na wysłuchanie', 'Podsumowanie', 'Potwierdzone podpisy', 'Państwa członkowskie UE', 'Potwierdzone podpisy dziennie (UTC)', 'Metoda', 'Podwójne potwierdzenie', 'Skrót kontrolny', 'Oznaczone, ale liczone', 'Dauys nie jest europejską inicjatywą obywatelską (EIO)', 'Kazachstan', 'Niemcy', 'Wszystkie państwa członkowskie UE']) {
      assert.ok(text.includes(words), `"${words}" is in the Polish PDF`);
    }
    assert.match(text, new RegExp(`Potwierdzone podpisy\\s+${n(1499)}`));
    const de = json.byCountry.euMemberStates.find((s: { country: string }) => s.country === 'DE');
    assert.match(text, new RegExp(`Niemcy \\(DE\\)\\s+${n(de.signatures)}\\s+96\\s+${n(69_120)}`));
    assert.match(text, new RegExp(`Wszystkie państwa członkowskie UE\\s+${n(json.totals.euMemberStates)}\\s+720`), 'the EU subtotal and the 720 seats');
    assert.ok(text.includes(json.digest.value));
    assert.match(text, /Strona 1 z \d+ · wygenerowano .* · skrót [0-9a-f]{16}/);
    assert.match(text, /Unieważnione przez moderatorów i nieliczone: 1 potwierdzony podpis\./);
  });

  it('a petition without signatures still gets a whole report: no chart, the digest of nothing', async () => {
    await t.db('petitions').insert({ slug: 'empty-petition', goal: 50, status: 'open' });
    const { pdf, json } = await get('en', 'empty-petition');
    assert.equal(json.totals.confirmed, 0);
    assert.equal(json.digest.value, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const text = pdfText(pdf);
    for (const words of ['Hearing report', 'There is no signature to chart.', 'No signature from outside the EU.', 'No counted signature carries a flag.', 'No confirmed signature is counted.', 'Page 1 of']) assert.ok(text.includes(words), words);
  });
});
