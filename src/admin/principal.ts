// The signed-in user of a request, as the gate leaves it in res.locals.admin for every admin route.
import type { Response } from 'express';
import { actorOf } from './audit.ts';
import type { User } from './users.ts';

export interface AdminPrincipal extends User {
  /** The session's id (to keep this session when ending the others). */
  readonly sid: string;
}

/** The signed-in user; throws on a route that is not behind the admin gate (a programming error). */
export function currentAdmin(res: Response): AdminPrincipal {
  const admin = res.locals.admin;
  if (!admin) throw new Error('currentAdmin: no signed-in user (is this route mounted under /admin?)');
  return admin;
}

/** The audit log's actor for the signed-in user: "user:<id>". */
export const adminActor = (res: Response): string => actorOf(currentAdmin(res));
