// The /my-data form: one field, an email address (as typed; its canonical form is only the lookup key).
import { z } from 'zod';

export const MyDataForm = z.object({ email: z.string().trim().min(3).max(254).regex(/^[^\s@]+@[^\s@]+$/) });

/** The value to show again in the form (a string, however the body came). */
export const typedEmail = (body: unknown): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).email : undefined;
  return typeof value === 'string' ? value.slice(0, 254) : '';
};
