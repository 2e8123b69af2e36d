// Helpers that act like a browser: fetch a form page, then post it from the same origin (current browsers
// send Sec-Fetch-Site: same-origin on such a post; see src/web/cross-origin.ts).
import request from 'supertest';
import type { Express } from 'express';

export type Agent = ReturnType<typeof request.agent>;

export function hiddenField(html: string, name: string): string {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  return match?.[1] ?? '';
}

/** GETs `formPath` with a fresh agent and returns the agent and the form's hidden fields. */
export async function openForm(app: Express, formPath: string): Promise<{ agent: Agent; rendered: string; html: string }> {
  const agent = request.agent(app).set('Sec-Fetch-Site', 'same-origin');
  const page = await agent.get(formPath).expect(200);
  return { agent, rendered: hiddenField(page.text, 'rendered'), html: page.text };
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
  const { agent, rendered } = await openForm(app, `/${lang}/petitions/zhanaozen-list`);
  return agent
    .post(`/${lang}/petitions/zhanaozen-list/signatures`)
    .type('form')
    .send({ ...signatureFields(signer), rendered, ...extra });
}

/** Opens an emailed link's page and presses its button, as a person would. */
export async function pressLinkButton(app: Express, link: string) {
  const path = new URL(link).pathname;
  const { agent } = await openForm(app, path);
  return agent.post(path).type('form').send({});
}
