// A letter as a PDF to print and post (pdfkit, with the Noto Sans subset embedded so Polish, Russian
// and Kazakh letters print right): the sender, the date, the MEP's address where the data has one
// (else their name, the Parliament, and where to find the office address), the subject, the letter.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type PDFKitDocument from 'pdfkit';
import { lazyRequire } from '../lib/lazy-module.ts';
import { countryName } from '../i18n/countries.ts';
import { dateFormatter } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Mep } from '../meps/index.ts';
import type { ComposedLetter } from './compose-letter.ts';

/** pdfkit (about 30 MB resident once loaded) is required on the first PDF, not at start-up. */
const PDFDocument = lazyRequire<typeof PDFKitDocument>('pdfkit');

const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'fonts');
const REGULAR = fs.readFileSync(path.join(FONTS_DIR, 'noto-sans-400.ttf'));
const BOLD = fs.readFileSync(path.join(FONTS_DIR, 'noto-sans-700.ttf'));

export interface PdfInput {
  readonly t: Translate;
  readonly letter: ComposedLetter;
  readonly mep: Mep;
  readonly sender: { name: string; country: string };
  readonly date: Date;
}

export function letterPdf(input: PdfInput): Promise<Buffer> {
  const { t, letter, mep } = input;
  const doc = new (PDFDocument())({ size: 'A4', margin: 64, lang: letter.lang, pdfVersion: '1.7', info: { Title: letter.subject, Author: input.sender.name, Creator: 'Dauys' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  doc.font('regular').fontSize(10.5);
  doc.text(input.sender.name).text(countryName(letter.lang, input.sender.country));
  doc.moveDown(2);
  // The letter opens with the addressee (the MEP's name and the Parliament): the address goes under it.
  const paragraphs = letter.body.split(/\n{2,}/);
  const addressee = paragraphs[0]?.startsWith(mep.fullName) ? paragraphs.shift()! : mep.fullName;
  doc.text(addressee);
  if (mep.postalAddress) for (const line of mep.postalAddress.split('\n')) doc.text(line);
  else doc.fontSize(8.5).fillColor('#4a5360').text(t('letters.pdf.addressNote', { url: mep.profileUrl })).fillColor('#000000').fontSize(10.5);
  doc.moveDown(1.5);
  doc.text(dateFormatter(letter.lang)(input.date), { align: 'right' });
  doc.moveDown(1.5);
  doc.font('bold').text(letter.subject);
  doc.moveDown(1);
  doc.font('regular');
  for (const paragraph of paragraphs) doc.text(paragraph, { paragraphGap: 8, lineGap: 1.5 });
  doc.end();
  return done;
}
