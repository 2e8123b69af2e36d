// View model of a petition's dashboard: the totals, the chart and the map (SVG, made here), the days
// (newest first, a confirmation rate that falls well below the petition's flagged), the countries and
// the member states against their ECI-style minimums, in the admin's language.
import { countryName } from '../i18n/countries.ts';
import { INTL_LOCALE, type Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Dashboard } from './load-dashboard.ts';
import { perDayChartSvg } from './svg-chart.ts';
import { europeMapSvg } from './svg-map.ts';

export interface PresentInput {
  readonly lang: Lang;
  readonly t: Translate;
  readonly formatNumber: (n: number) => string;
  readonly dashboard: Dashboard;
  readonly now: Date;
}

/** A day's rate is flagged when at least this many were created and under half the petition's rate. */
const LOW_RATE_MIN_CREATED = 10;
const DAY_MS = 86_400_000;

export function presentDashboard({ lang, t, formatNumber, dashboard, now }: PresentInput) {
  const percent = new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'percent', maximumFractionDigits: 1 });
  const dayFormat = new Intl.DateTimeFormat(INTL_LOCALE[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
  const { totals, days } = dashboard;
  const created = days.reduce((s, d) => s + d.created, 0);
  const overall = created > 0 ? days.reduce((s, d) => s + d.counted, 0) / created : null;
  // The last two days are still being confirmed: their rate is not yet a sign of trouble.
  const settled = new Date(now.getTime() - 2 * DAY_MS).toISOString().slice(0, 10);
  const countries = Object.entries(dashboard.byCountry).filter(([, n]) => n > 0).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const counted = totals.confirmed;
  return {
    totals: [
      { label: t('dashboard.totals.confirmed'), value: formatNumber(totals.confirmed) },
      { label: t('dashboard.totals.pending'), value: formatNumber(totals.pending) },
      { label: t('dashboard.totals.withdrawn'), value: formatNumber(totals.withdrawn) },
      { label: t('dashboard.totals.invalidated'), value: formatNumber(totals.invalidated) },
    ],
    overallRate: overall === null ? null : percent.format(overall),
    chart: days.length === 0 ? null : perDayChartSvg({
      days: days.map((d) => ({ day: d.day, confirmed: d.counted, created: d.created })),
      title: t('dashboard.chart.title'),
      description: t('dashboard.chart.description', { first: formatDay(days[0]!.day), last: formatDay(days[days.length - 1]!.day) }),
      confirmedLabel: t('dashboard.chart.confirmed'),
      createdLabel: t('dashboard.chart.created'),
      formatNumber,
      formatDay,
    }),
    days: [...days].reverse().map((d) => ({
      day: formatDay(d.day),
      created: formatNumber(d.created),
      rate: d.rate === null ? '–' : percent.format(d.rate),
      low: d.rate !== null && overall !== null && d.day < settled && d.created >= LOW_RATE_MIN_CREATED && d.rate < overall / 2,
      counted: formatNumber(d.counted),
    })),
    map: europeMapSvg({
      counts: dashboard.byCountry,
      title: t('dashboard.map.title'),
      description: t('dashboard.map.description'),
      label: (country, n) => t('dashboard.map.label', { country: countryName(lang, country), count: n, formatted: formatNumber(n) }),
      legendLabel: (from, to) => (from === 0 ? t('dashboard.map.none') : to === null ? t('dashboard.map.atLeast', { from: formatNumber(from) }) : t('dashboard.map.range', { from: formatNumber(from), to: formatNumber(to) })),
    }),
    countries: countries.map(([code, n]) => ({ code, name: countryName(lang, code), count: formatNumber(n), share: counted > 0 ? percent.format(n / counted) : '–' })),
    memberStates: dashboard.memberStates.map((s) => ({
      code: s.country,
      name: countryName(lang, s.country),
      signatures: formatNumber(s.signatures),
      minimum: formatNumber(s.minimum),
      percent: percent.format(s.percent / 100),
      percentValue: s.percent,
      reached: s.reached,
    })),
    statesPast: t('dashboard.memberStates.past', { count: dashboard.statesPastMinimum, formatted: formatNumber(dashboard.statesPastMinimum), total: formatNumber(dashboard.memberStates.length) }),
  };
}

export type DashboardView = ReturnType<typeof presentDashboard>;
