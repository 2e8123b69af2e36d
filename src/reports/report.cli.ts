// npm run cli -- report --petition SLUG --format csv|json|pdf --lang L --out FILE [--from D] [--to D]
// [--include-ledger]: the same hearing report as the admin page, written to FILE (through a temporary
// file, so a failure never leaves half a report under the name), audit-logged as "cli".
import fs from 'node:fs';
import path from 'node:path';
import { CLI_ACTOR } from '../admin/index.ts';
import { CliUsageError, requireOption, type CliCommand } from '../cli/command.ts';
import { systemClock } from '../container.ts';
import { createI18n } from '../i18n/i18n.ts';
import { LANGS } from '../i18n/languages.ts';
import { buildHearingReport, REPORT_FORMATS, type ReportFormat } from './build-report.ts';
import { reportWords } from './present-report.ts';
import { writeReport } from './report-output.ts';
import { parseReportOptions } from './report.schema.ts';

const optional = (value: string | true | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

export const reportCommand: CliCommand = {
  name: 'report',
  usage: `--petition SLUG --format ${REPORT_FORMATS.join('|')} --lang ${LANGS.join('|')} --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--include-ledger]`,
  summary: 'write the hearing report of a petition (counts by country and day, method, digest)',
  async run(context, args) {
    const slug = requireOption(args, 'petition');
    const format = requireOption(args, 'format');
    const out = requireOption(args, 'out');
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
    const lang = optional(args.options.lang) ?? 'en';
    const parsed = parseReportOptions({ lang, from: optional(args.options.from), to: optional(args.options.to), include: args.options['include-ledger'] === true ? 'ledger' : undefined }, 'en');
    if (!parsed.ok) {
      const [field] = Object.keys(parsed.errors);
      throw new CliUsageError(field === 'lang' ? `--lang must be one of ${LANGS.join(', ')}` : `--${field}: a day as YYYY-MM-DD${field === 'to' ? ', not before --from' : ''}`);
    }
    const { period, includeLedger } = parsed.value;
    const report = await buildHearingReport({ db: context.db, bulkDb: context.db, secrets: context.secrets, clock: systemClock }, { slug, lang: parsed.value.lang, period, format: format as ReportFormat, includeLedger, actor: CLI_ACTOR });
    if (!report) throw new CliUsageError(`no petition ${slug}`);
    const target = path.resolve(out);
    const partial = `${target}.${process.pid}.partial`;
    try {
      await writeReport(report, reportWords(createI18n(), report), format as ReportFormat, fs.createWriteStream(partial, { mode: 0o600 }), { includeLedger });
      fs.renameSync(partial, target);
    } finally {
      fs.rmSync(partial, { force: true });
    }
    context.out.write(`wrote ${target}: ${report.total} confirmed signatures, digest ${report.ledger.digest}\n`);
    return 0;
  },
};
