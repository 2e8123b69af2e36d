// The dashboard's panel registry: other capabilities (letters, donations, …) add a small panel of their
// figures to every petition's dashboard, from their own index.ts web(), without the dashboard importing
// them. A panel loads its figures and names a view (rendered with them) — views/<capability>/….ejs.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Role } from '../admin/index.ts';

export interface PanelContext {
  readonly db: Queryable;
  readonly lang: Lang;
  readonly t: Translate;
  readonly formatNumber: (n: number) => string;
  readonly petition: { readonly id: number; readonly slug: string };
}

export interface DashboardPanel {
  /** Unique, e.g. "letters". */
  readonly id: string;
  /** Lower first. */
  readonly order: number;
  /** Who sees it (default: everyone who sees the dashboard). */
  readonly roles?: readonly Role[];
  /** The heading's translation key. */
  readonly titleKey: string;
  /** A view path relative to views/, rendered with `panel` = what load returned. */
  readonly view: string;
  load(context: PanelContext): Promise<Record<string, unknown> | null>;
}

const panels = new Map<string, DashboardPanel>();

export const dashboardPanels = {
  /** Adds a panel (again with the same id: replaced, so building several apps is harmless). */
  add(panel: DashboardPanel): void {
    panels.set(panel.id, panel);
  },
  /** The panels this role sees, in order. */
  forRole(role: Role): DashboardPanel[] {
    return [...panels.values()].filter((p) => !p.roles || p.roles.includes(role)).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  },
};
