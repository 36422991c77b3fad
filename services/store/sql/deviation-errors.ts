import createError from '@fastify/error';

/**
 * Errors of the deviation loop (issue 15), declared once; the text a person reads comes from
 * services/domain/messages/deviation.ts by code.
 */
export const DeviationErrors = {
  caseNotFound: createError<'CT_CASE_NOT_FOUND', 404, [string]>(
    'CT_CASE_NOT_FOUND',
    "deviation case '%s' not found",
    404,
  ),
  attachmentNotFound: createError<'CT_CASE_ATTACHMENT_NOT_FOUND', 404, [string]>(
    'CT_CASE_ATTACHMENT_NOT_FOUND',
    "attachment '%s' not found",
    404,
  ),
  attachmentTooLarge: createError<'CT_CASE_ATTACHMENT_TOO_LARGE', 400, [string]>(
    'CT_CASE_ATTACHMENT_TOO_LARGE',
    "attachment '%s' is larger than 512 KiB; attach a summary or a smaller file",
    400,
  ),
  subjectNotFound: createError<'CT_CASE_SUBJECT_NOT_FOUND', 404, [string]>(
    'CT_CASE_SUBJECT_NOT_FOUND',
    "the case's subject '%s' was not found",
    404,
  ),
  subjectNotQuarantined: createError<'CT_CASE_SUBJECT_NOT_QUARANTINED', 409, [string, string]>(
    'CT_CASE_SUBJECT_NOT_QUARANTINED',
    "shipment '%s' is '%s': only a received, quarantined product can be disposed of",
    409,
  ),
  caseClosed: createError<'CT_CASE_CLOSED', 409, [string]>(
    'CT_CASE_CLOSED',
    "deviation case '%s' is closed; open a new case for a new deviation",
    409,
  ),
  stepNotAllowed: createError<'CT_CASE_STEP_NOT_ALLOWED', 409, [string, string]>(
    'CT_CASE_STEP_NOT_ALLOWED',
    "a '%s' step is not allowed while the case is '%s'",
    409,
  ),
  noAdvice: createError<'CT_CASE_NO_ADVICE', 409, []>(
    'CT_CASE_NO_ADVICE',
    "8.1.6: release needs the manufacturer's signed advice first (and any open question answered)",
    409,
  ),
  advisedDoNotUse: createError<'CT_CASE_ADVISED_DO_NOT_USE', 409, []>(
    'CT_CASE_ADVISED_DO_NOT_USE',
    'the manufacturer advised "do not use": the product cannot be released without a new signed advice',
    409,
  ),
  conditionsMissing: createError<'CT_CASE_CONDITIONS_MISSING', 400, []>(
    'CT_CASE_CONDITIONS_MISSING',
    'the advice is "use with conditions": write the conditions on the release',
    400,
  ),
  dispositionMismatch: createError<'CT_CASE_DISPOSITION_MISMATCH', 400, []>(
    'CT_CASE_DISPOSITION_MISMATCH',
    'epcisDisposition must be released for a release and damaged, destroyed or returned for a rejection',
    400,
  ),
  assessmentIncomplete: createError<'CT_CASE_ASSESSMENT_INCOMPLETE', 400, []>(
    'CT_CASE_ASSESSMENT_INCOMPLETE',
    "10.14: give severity, likelihood and detectability, or the clinic's own scheme",
    400,
  ),
  alertNotCritical: createError<'CT_CASE_ALERT_NOT_CRITICAL', 409, [string]>(
    'CT_CASE_ALERT_NOT_CRITICAL',
    "alert '%s' is not a critical shipment alert; a case opens from critical alerts in transit",
    409,
  ),
  wrongParty: createError<'CT_CASE_WRONG_PARTY', 403, [string]>(
    'CT_CASE_WRONG_PARTY',
    "a '%s' step is taken by the other party: the clinic assesses and disposes (8.1.5), the manufacturer questions and advises (8.1.6)",
    403,
  ),
  signatureRequired: createError<'CT_CASE_SIGNATURE_REQUIRED', 400, []>(
    'CT_CASE_SIGNATURE_REQUIRED',
    'every step of a deviation case is signed: give signature.login and signature.password',
    400,
  ),
};
