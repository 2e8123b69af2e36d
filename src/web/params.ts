// Every path parameter of every route is checked by name, here, before any handler sees it: one schema
// per parameter name, applied to each router by createRouter() (router.param). A value that does not
// fit answers 404 in the visitor's language (that page cannot exist), so no malformed value reaches a
// query. test/hygiene/every-route.test.ts walks the app's routes and fails when a route uses a parameter
// name that is not here, or sits on a router made without createRouter().
import { Router, type RouterOptions } from 'express';
import { z } from 'zod';
import { LANGS } from '../i18n/languages.ts';
import { notFound } from './app-error.ts';

interface ParamSpec {
  readonly schema: z.ZodType<string>;
  /** A value of the right shape, for the generated hygiene tests. */
  readonly sample: string;
}

const pattern = (re: RegExp) => z.string().regex(re);

/** The shared vocabulary of path parameters. Add a name here before using it in a route. */
export const PARAMS: Readonly<Record<string, ParamSpec>> = {
  lang: { schema: z.enum(LANGS), sample: 'en' },
  /** Petition, campaign, letter campaign and list entry slugs. */
  slug: { schema: pattern(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/), sample: 'zhanaozen-list' },
  /** Emailed link tokens (256 bits, base64url); their hash is looked up, never the raw value. */
  token: { schema: pattern(/^[A-Za-z0-9_-]{16,128}$/), sample: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  /** Numeric row ids (a bigint's range). */
  id: { schema: pattern(/^[1-9][0-9]{0,17}$/), sample: '1' },
  /** UUIDs (signatures, submissions, jobs). */
  uuid: { schema: pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), sample: '00000000-0000-4000-8000-000000000000' },
  /** ISO 3166-1 alpha-2 (upper case). */
  country: { schema: pattern(/^[A-Z]{2}$/), sample: 'PL' },
  /** A file extension of a download (csv, json, pdf, …). */
  format: { schema: pattern(/^[a-z0-9]{1,8}$/), sample: 'json' },
};

export function isKnownParam(name: string): boolean {
  return Object.hasOwn(PARAMS, name);
}

/** Attaches every parameter check to a router (or the app). */
export function validateParams(router: Pick<Router, 'param'>): void {
  for (const [name, spec] of Object.entries(PARAMS)) {
    router.param(name, (_req, _res, next, value: unknown) => (spec.schema.safeParse(value).success ? next() : next(notFound())));
  }
}

/** A Router whose routes' path parameters are all checked (see PARAMS). Use it for every router. */
export function createRouter(options?: RouterOptions): Router {
  const router = Router(options);
  validateParams(router);
  return router;
}
