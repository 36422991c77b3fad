export type { AlertKind } from '../domain/alerts.js';
export { type CaseMailInput, type CaseMailKind, queueCaseMail, renderCaseMail } from './case-mail.js';
export { MailDeliveryFailed, MailInvalid } from './errors.js';
export { type OutgoingMail, stableMessageId } from './mail.js';
export { type Notifier, type NotifierOptions, startNotifier } from './notifier.js';
export { queueMail } from './outbox.js';
export {
  queueReceiptDeviationMail,
  type ReceiptDeviationInput,
  renderReceiptDeviationMail,
  type SiteContext,
} from './receipt-mail.js';
export { type AlertMailInput, type AlertPhase, renderAlertMail } from './render-alert.js';
