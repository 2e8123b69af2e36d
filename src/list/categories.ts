// The five categories of the proposed list, from the 2015 statement's call: those responsible for the
// shooting, the torture, the unlawful prosecution and conviction, the persecution of those who supported
// the strikers, and the whitewashing of the Kazakh authorities abroad.
export const CATEGORIES = ['lethal-force', 'torture', 'unlawful-prosecution', 'persecution', 'whitewashing'] as const;
export type Category = (typeof CATEGORIES)[number];

export const isCategory = (value: unknown): value is Category => typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);

/** Each category's name on the pages (translation keys). */
export const CATEGORY_KEYS: Record<Category, string> = {
  'lethal-force': 'list.categories.lethalForce',
  torture: 'list.categories.torture',
  'unlawful-prosecution': 'list.categories.unlawfulProsecution',
  persecution: 'list.categories.persecution',
  whitewashing: 'list.categories.whitewashing',
};

/** Each category in English, for the exports (CSV, FollowTheMoney), which are read across languages. */
export const CATEGORY_ENGLISH: Record<Category, string> = {
  'lethal-force': 'Ordering or using lethal force',
  torture: 'Torture and ill-treatment',
  'unlawful-prosecution': 'Unlawful prosecution or conviction',
  persecution: 'Persecution of activists, journalists and opposition',
  whitewashing: 'Whitewashing abroad',
};
