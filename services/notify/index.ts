export { MailDeliveryFailed, MailInvalid } from './errors.js';
export { type OutgoingMail, stableMessageId } from './mail.js';
export { type Notifier, type NotifierOptions, startNotifier } from './notifier.js';
export { outboxCounts, queueMail } from './outbox.js';
export {
  queueReceiptDeviationMail,
  type ReceiptDeviationInput,
  renderReceiptDeviationMail,
  type SiteContext,
} from './receipt-mail.js';
export { type AlertKind, type AlertMailInput, type AlertPhase, renderAlertMail } from './render-alert.js';
