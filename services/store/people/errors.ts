import createError from '@fastify/error';

/**
 * Errors about people: accounts, sign-in, sessions and signatures (issue 14). Declared once; the
 * text a person reads comes from services/domain/messages/people.ts by code.
 */
export const PeopleErrors = {
  userNotFound: createError<'CT_USER_NOT_FOUND', 404, [string]>(
    'CT_USER_NOT_FOUND',
    "user '%s' not found",
    404,
  ),
  loginTaken: createError<'CT_LOGIN_TAKEN', 409, [string]>('CT_LOGIN_TAKEN', "login name '%s' is taken", 409),
  passwordPolicy: createError<'CT_PASSWORD_POLICY', 400, [string]>(
    'CT_PASSWORD_POLICY',
    'the password is refused (%s): use at least 12 characters and not the login name',
    400,
  ),
  signInFailed: createError<'CT_SIGN_IN_FAILED', 401, []>(
    'CT_SIGN_IN_FAILED',
    'login name or password is not right',
    401,
  ),
  signInLocked: createError<'CT_SIGN_IN_LOCKED', 429, [number]>(
    'CT_SIGN_IN_LOCKED',
    'too many failed sign-ins for this account from here; try again in %s s',
    429,
  ),
  invitationInvalid: createError<'CT_INVITATION_INVALID', 400, []>(
    'CT_INVITATION_INVALID',
    'the invitation is unknown, used or expired; ask an administrator for a new one',
    400,
  ),
  passwordChangeRequired: createError<'CT_PASSWORD_CHANGE_REQUIRED', 403, []>(
    'CT_PASSWORD_CHANGE_REQUIRED',
    'set your own password first (POST /api/v1/me/password)',
    403,
  ),
  sessionExpired: createError<'CT_SESSION_EXPIRED', 401, []>(
    'CT_SESSION_EXPIRED',
    'the session has ended; sign in again',
    401,
  ),
  csrfRefused: createError<'CT_CSRF_REFUSED', 403, []>(
    'CT_CSRF_REFUSED',
    'a change made with a session needs the x-csrf-token header of that session',
    403,
  ),
  scopeRefused: createError<'CT_SCOPE_REFUSED', 403, []>(
    'CT_SCOPE_REFUSED',
    'this record would lie outside your scope (organisation / site)',
    403,
  ),
  signerInvalid: createError<'CT_SIGNER_INVALID', 400, [string]>(
    'CT_SIGNER_INVALID',
    'signature refused: %s',
    400,
  ),
};
