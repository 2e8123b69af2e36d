// What a capability (petitions, letters, donations, …) hands to the wiring, through its index.ts. The
// shared layers (web/ db/ i18n/ mail/ jobs/ lib/) never import a capability: app.ts, boot.ts, the job
// thread's entry and the CLI take the list in capabilities.ts, so adding one is a line there.
import type { RequestHandler, Router } from 'express';
import type { AppDeps } from './container.ts';
import type { Db } from './db/knex.ts';
import type { Lang } from './i18n/languages.ts';
import type { CliCommand } from './cli/command.ts';

/** What a capability adds to the campaign home page (the live count, a way to act). */
export type HomeExtras = (lang: Lang) => Promise<Record<string, unknown>>;

/** What the wiring offers every capability's web side: what all capabilities add to the home page. */
export interface SiteContext {
  /** Every capability's home extras, merged (call when rendering, not while building). */
  readonly homeExtras: HomeExtras;
}

/** The HTTP side of a capability, built once per app. Each part is optional. */
export interface CapabilityWeb {
  /** Mounted before any body parser or cross-origin check: routes that read their own body (webhooks). */
  readonly raw?: Router;
  /** Mounted at /api/v1 (JSON, CORS-free, cacheable GETs). */
  readonly api?: Router;
  /**
   * Added to a /{lang} router before the form-body parser, after the cross-origin check: routes that read
   * their own body (multipart uploads, streamed). res.locals.lang is set.
   */
  readonly uploads?: (router: Router) => void;
  /** Added to the /{lang} router (pages and public forms; res.locals.lang is set). */
  readonly pages?: (router: Router) => void;
  /**
   * Mounted at /admin before every capability's admin router: the organisers' session, login, its
   * session-bound form token and the login requirement (provided by admin/ only).
   */
  readonly adminGate?: RequestHandler;
  /** Mounted at /admin (form bodies parsed), after the gate: this capability's organiser pages. */
  readonly admin?: Router;
  /** Anything else at the top level (e.g. /embed/…). */
  readonly top?: Router;
  readonly homeExtras?: HomeExtras;
  /** Its public pages for /sitemap.xml, as paths below /{lang} ("/petitions/zhanaozen-list"): each is listed in every language. */
  readonly sitemap?: () => Promise<readonly string[]>;
}

export interface Capability {
  readonly name: string;
  /** Loads the capability's default content at start-up, idempotently (never overwriting organisers' edits). */
  readonly loadDefaultContent?: (db: Db) => Promise<void>;
  /** Registers the capability's job handlers (run in the job thread). */
  readonly registerWorkers?: (deps: AppDeps) => Promise<void>;
  /** The most emails its workers may hold at once (the job thread's pace must send them within the job expiry). */
  readonly maxEmailsInHand?: number;
  readonly web?: (deps: AppDeps, site: SiteContext) => CapabilityWeb;
  /** `npm run cli -- <name>` commands. */
  readonly commands?: readonly CliCommand[];
}
