import createError from '@fastify/error';

/** Errors of the notifier (services/notify). Clients switch on the code, never the message. */
export const MailInvalid = createError<'CT_MAIL_INVALID', 500, [string]>(
  'CT_MAIL_INVALID',
  'mail not queued: %s',
  500,
);
export const MailDeliveryFailed = createError<'CT_MAIL_DELIVERY_FAILED', 502, [string]>(
  'CT_MAIL_DELIVERY_FAILED',
  'mail delivery failed: %s',
  502,
);
