// Renders a view with the response's locals into a string, for pages kept in a short cache.
import type { Response } from 'express';

export function renderToString(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => res.render(view, locals, (error: Error | null, html?: string) => (error ? reject(error) : resolve(html ?? ''))));
}
