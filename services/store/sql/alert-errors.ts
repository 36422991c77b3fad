import createError from '@fastify/error';

/** Errors of the alert lifecycle (alerts-repo.ts). Clients switch on the code. */
export const AlertErrors = {
  alertNotFound: createError<'CT_ALERT_NOT_FOUND', 404, [string]>(
    'CT_ALERT_NOT_FOUND',
    "alert '%s' not found",
    404,
  ),
  alertClosed: createError<'CT_ALERT_CLOSED', 409, [string]>(
    'CT_ALERT_CLOSED',
    "alert '%s' is closed; only an open alert can be acknowledged",
    409,
  ),
  alertAlreadyAcknowledged: createError<'CT_ALERT_ALREADY_ACKNOWLEDGED', 409, [string]>(
    'CT_ALERT_ALREADY_ACKNOWLEDGED',
    "alert '%s' is already acknowledged",
    409,
  ),
  ackReasonMissing: createError<'CT_ALERT_ACK_REASON_REQUIRED', 400>(
    'CT_ALERT_ACK_REASON_REQUIRED',
    'an acknowledgement needs a reason',
    400,
  ),
};
