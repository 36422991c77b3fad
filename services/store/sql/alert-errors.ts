import { codedError } from '../../domain/coded-error.js';

/** Errors of the alert lifecycle (alerts-repo.ts). Clients switch on the code. */
export const AlertErrors = {
  alertNotFound: codedError('CT_ALERT_NOT_FOUND', 404, ['id']),
  alertClosed: codedError('CT_ALERT_CLOSED', 409, ['id']),
  alertAlreadyAcknowledged: codedError('CT_ALERT_ALREADY_ACKNOWLEDGED', 409, ['id']),
  ackReasonMissing: codedError('CT_ALERT_ACK_REASON_REQUIRED', 400),
};
