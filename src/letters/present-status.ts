// The view model of a request's status page: each letter with what has happened to it, in words.
import { dateFormatter } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';
import { INTL_LOCALE, type Lang } from '../i18n/languages.ts';
import type { RequestStatus } from './request-status.ts';

export interface StatusView {
  readonly pending: boolean;
  readonly letters: { mepName: string; text: string }[];
}

const brusselsTime = (lang: Lang) => new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' });

export function presentStatus(t: Translate, lang: Lang, status: RequestStatus): StatusView {
  const date = dateFormatter(lang);
  const time = brusselsTime(lang);
  return {
    pending: status.state === 'pending',
    letters: status.letters.map((l) => {
      const text =
        l.state === 'sent' && l.sentAt ? t('letters.status.sent', { date: date(l.sentAt) })
        : (l.state === 'confirmed' || l.state === 'queued') && l.sendAfter ? t('letters.status.scheduled', { time: time.format(l.sendAfter) })
        : l.state === 'refused' && l.refusal === 'near_copy' ? t('letters.status.nearCopy')
        : l.state === 'pending' ? t('letters.status.pending')
        : t('letters.status.notSent');
      return { mepName: l.mepName, text };
    }),
  };
}
