// The signed-in user's own account: GET /admin/account (TOTP state, sessions), the password change, TOTP
// set-up (with the otpauth:// address, the secret as text and a QR code), and ending other sessions.
import type { Request, Response, Router } from 'express';
import encodeQR from 'qr';
import type { AdminWebDeps } from './admin-deps.ts';
import { changePassword, enableTotp, type PasswordError } from './account.ts';
import { renderAdminError } from './admin-error.ts';
import { actorOf } from './audit.ts';
import { formBody, textField, type FieldError } from './form.ts';
import { revokeSessions } from './manage-user.ts';
import { currentAdmin } from './principal.ts';
import { MIN_PASSWORD_LENGTH, RECOMMENDED_PASSWORD_LENGTH } from './password-policy.ts';
import { ROLES, requireRole } from './roles.ts';
import { listUserSessions } from './sessions.repo.ts';
import { regenerateSession } from './sessions.ts';
import { groupSecret, newTotpSecret, otpauthUri } from './totp.ts';
import { decrypt, encrypt } from '../lib/crypto.ts';
import { seeOther } from '../web/see-other.ts';

const anyone = requireRole(...ROLES);
const PENDING_TOTP_MS = 15 * 60 * 1000;
const DONE = new Set(['password', 'totp', 'sessions']);

const PASSWORD_MESSAGES: Record<PasswordError, string> = {
  current: 'admin.password.errors.current',
  confirm: 'admin.password.errors.confirm',
  same: 'admin.password.errors.same',
  'too-short': 'admin.password.errors.tooShort',
  'too-long': 'admin.password.errors.tooLong',
  common: 'admin.password.errors.common',
  'like-email': 'admin.password.errors.likeEmail',
};

/** The TOTP secret being set up in this session, made afresh when there is none or it is old. */
function pendingSecret(deps: AdminWebDeps, req: Request, renew: boolean): string | undefined {
  const pending = req.session.pendingTotp;
  const now = deps.clock.now().getTime();
  if (pending && now - pending.at < PENDING_TOTP_MS) return decrypt(deps.secrets.encryptionKey, Buffer.from(pending.secret, 'base64url'));
  if (!renew) return undefined;
  const secret = newTotpSecret();
  req.session.pendingTotp = { secret: encrypt(deps.secrets.encryptionKey, secret).toString('base64url'), at: now };
  return secret;
}

export function addAccountRoutes(router: Router, deps: AdminWebDeps): void {
  router.get('/account', anyone, async (req, res) => {
    const admin = currentAdmin(res);
    const sessions = await listUserSessions(deps.db, admin.id, req.sessionID);
    const done = typeof req.query.done === 'string' && DONE.has(req.query.done) ? req.query.done : undefined;
    res.render('admin/account', { sessions, done });
  });

  const renderPassword = (res: Response, status: number, errors: FieldError[]) =>
    res.status(status).render('admin/password', { errors, minLength: MIN_PASSWORD_LENGTH, recommendedLength: RECOMMENDED_PASSWORD_LENGTH });

  router.get('/account/password', anyone, (_req, res) => renderPassword(res, 200, []));

  router.post('/account/password', anyone, async (req, res) => {
    const admin = currentAdmin(res);
    const body = formBody(req);
    const form = { current: textField(body, 'current', 1024), password: textField(body, 'password', 1024), confirm: textField(body, 'confirm', 1024) };
    const result = await changePassword(deps, { userId: admin.id, sid: req.sessionID, form });
    if (result.kind === 'invalid') {
      const t = res.locals.t;
      const errors = (['current', 'password', 'confirm'] as const).flatMap((field) => {
        const error = result.errors[field];
        return error ? [{ field, message: t(PASSWORD_MESSAGES[error], { min: MIN_PASSWORD_LENGTH }) }] : [];
      });
      return renderPassword(res, 422, errors);
    }
    const { userId, createdAt } = req.session;
    await regenerateSession(req); // a new id for the session that changed the password
    Object.assign(req.session, { userId, createdAt, lastSeenAt: deps.clock.now().getTime() });
    seeOther(res, '/admin/account?done=password');
  });

  const renderTotp = (req: Request, res: Response, status: number, errors: FieldError[]) => {
    const admin = currentAdmin(res);
    const secret = pendingSecret(deps, req, true)!;
    res.status(status).render('admin/totp', { errors, secret: groupSecret(secret), uri: otpauthUri(secret, admin.email), required: admin.role === 'admin' });
  };

  router.get('/account/totp', anyone, (req, res) => renderTotp(req, res, 200, []));

  router.get('/account/totp/qr.svg', anyone, (req, res) => {
    const secret = pendingSecret(deps, req, false);
    if (!secret) return renderAdminError(res, 404, 'admin.errors.notFound');
    res.type('image/svg+xml').send(encodeQR(otpauthUri(secret, currentAdmin(res).email), 'svg', { ecc: 'medium', border: 2 }));
  });

  router.post('/account/totp', anyone, async (req, res) => {
    const admin = currentAdmin(res);
    const secret = pendingSecret(deps, req, false);
    if (!secret) return renderTotp(req, res, 422, [{ field: 'code', message: res.locals.t('admin.totp.errors.expired') }]);
    const body = formBody(req);
    const result = await enableTotp(deps, { userId: admin.id, sid: req.sessionID, current: textField(body, 'current', 1024), secret, code: body.code });
    if (result.kind === 'invalid') {
      const t = res.locals.t;
      const errors: FieldError[] = [];
      if (result.errors.current) errors.push({ field: 'current', message: t('admin.password.errors.current') });
      if (result.errors.code) errors.push({ field: 'code', message: t('admin.totp.errors.code') });
      return renderTotp(req, res, 422, errors);
    }
    delete req.session.pendingTotp;
    seeOther(res, '/admin/account?done=totp');
  });

  router.post('/account/sessions/end-others', anyone, async (req, res) => {
    const admin = currentAdmin(res);
    await revokeSessions(deps, { userId: admin.id, actor: actorOf(admin), actorId: admin.id, exceptSid: req.sessionID });
    seeOther(res, '/admin/account?done=sessions');
  });
}
