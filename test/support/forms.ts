// Helpers that act like a browser: fetch a form page (getting its CSRF cookie and token), then post it.
import request from 'supertest';
import type { Express } from 'express';

export type Agent = ReturnType<typeof request.agent>;

export function csrfFrom(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

export function hiddenField(html: string, name: string): string {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  return match?.[1] ?? '';
}

/** GETs `formPath` with a fresh agent and returns the agent and the form's hidden fields. */
export async function openForm(app: Express, formPath: string): Promise<{ agent: Agent; csrf: string; rendered: string; html: string }> {
  const agent = request.agent(app);
  const page = await agent.get(formPath).expect(200);
  return { agent, csrf: csrfFrom(page.text), rendered: hiddenField(page.text, 'rendered'), html: page.text };
}

export interface Signer {
  name?: string;
  email?: string;
  country?: string;
  postcode?: string;
  public?: boolean;
  consent?: boolean;
  updates?: boolean;
}

export function signatureFields(signer: Signer): Record<string, string> {
  const fields: Record<string, string> = {
    name: signer.name ?? 'Aigerim Test',
    email: signer.email ?? 'aigerim@example.org',
    country: signer.country ?? 'PL',
  };
  if (signer.postcode) fields.postcode = signer.postcode;
  if (signer.public) fields.public = 'on';
  if (signer.consent ?? true) fields.consent = 'on';
  if (signer.updates) fields.updates = 'on';
  return fields;
}

/** Signs the default petition as a browser would; returns the response. */
export async function sign(app: Express, signer: Signer = {}, lang = 'en', extra: Record<string, string> = {}) {
  const { agent, csrf, rendered } = await openForm(app, `/${lang}/petitions/zhanaozen-list`);
  return agent
    .post(`/${lang}/petitions/zhanaozen-list/signatures`)
    .type('form')
    .send({ ...signatureFields(signer), _csrf: csrf, rendered, ...extra });
}

/** Opens an emailed link's page and presses its button, as a person would. */
export async function pressLinkButton(app: Express, link: string) {
  const path = new URL(link).pathname;
  const { agent, csrf } = await openForm(app, path);
  return agent.post(path).type('form').send({ _csrf: csrf });
}
