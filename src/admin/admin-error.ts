// Error pages of the organisers' area, in the admin layout and the admin's language (the gate has set
// res.locals). Used for a failed form token, a wrong role and a locked login.
import type { Response } from 'express';

export function renderAdminError(res: Response, status: number, messageKey: string): void {
  res.status(status).render('admin/error', { status, messageKey });
}
