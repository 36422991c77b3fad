import { codedError } from '../domain/coded-error.js';

/** Errors of the notifier (services/notify). Clients switch on the code, never the message. */
export const MailInvalid = codedError('CT_MAIL_INVALID', 500, ['detail']);
export const MailDeliveryFailed = codedError('CT_MAIL_DELIVERY_FAILED', 502, ['detail']);
