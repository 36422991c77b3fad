import { codedError } from '../../domain/coded-error.js';

/**
 * Errors about people: accounts, sign-in, sessions and signatures (issue 14). Declared once; the
 * text a person reads comes from services/domain/messages/people.ts by code.
 */
export const PeopleErrors = {
  userNotFound: codedError('CT_USER_NOT_FOUND', 404, ['id']),
  loginTaken: codedError('CT_LOGIN_TAKEN', 409, ['id']),
  passwordPolicy: codedError('CT_PASSWORD_POLICY', 400, ['detail']),
  signInFailed: codedError('CT_SIGN_IN_FAILED', 401),
  signInLocked: codedError('CT_SIGN_IN_LOCKED', 429, ['seconds']),
  invitationInvalid: codedError('CT_INVITATION_INVALID', 400),
  passwordChangeRequired: codedError('CT_PASSWORD_CHANGE_REQUIRED', 403),
  sessionExpired: codedError('CT_SESSION_EXPIRED', 401),
  csrfRefused: codedError('CT_CSRF_REFUSED', 403),
  scopeRefused: codedError('CT_SCOPE_REFUSED', 403),
  signerInvalid: codedError('CT_SIGNER_INVALID', 400, ['id']),
};
