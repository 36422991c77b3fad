import { codedError } from '../../domain/coded-error.js';

/**
 * Errors of the deviation loop (issue 15), declared once; the text a person reads comes from
 * services/domain/messages/deviation.ts by code.
 */
export const DeviationErrors = {
  caseNotFound: codedError('CT_CASE_NOT_FOUND', 404, ['id']),
  attachmentNotFound: codedError('CT_CASE_ATTACHMENT_NOT_FOUND', 404, ['id']),
  attachmentTooLarge: codedError('CT_CASE_ATTACHMENT_TOO_LARGE', 400, ['id']),
  subjectNotFound: codedError('CT_CASE_SUBJECT_NOT_FOUND', 404, ['id']),
  subjectNotQuarantined: codedError('CT_CASE_SUBJECT_NOT_QUARANTINED', 409, ['id', 'state']),
  caseClosed: codedError('CT_CASE_CLOSED', 409, ['id']),
  stepNotAllowed: codedError('CT_CASE_STEP_NOT_ALLOWED', 409, ['step', 'state']),
  noAdvice: codedError('CT_CASE_NO_ADVICE', 409),
  advisedDoNotUse: codedError('CT_CASE_ADVISED_DO_NOT_USE', 409),
  conditionsMissing: codedError('CT_CASE_CONDITIONS_MISSING', 400),
  dispositionMismatch: codedError('CT_CASE_DISPOSITION_MISMATCH', 400),
  assessmentIncomplete: codedError('CT_CASE_ASSESSMENT_INCOMPLETE', 400),
  alertNotCritical: codedError('CT_CASE_ALERT_NOT_CRITICAL', 409, ['id']),
  wrongParty: codedError('CT_CASE_WRONG_PARTY', 403, ['step']),
  signatureRequired: codedError('CT_CASE_SIGNATURE_REQUIRED', 400),
};
