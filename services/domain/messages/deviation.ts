import { type MessageTable, registerMessages } from './catalog.js';

/** Texts of the deviation loop (issue 15): case pages, mails, the deviation report, error texts. */
export const deviationMessages: MessageTable = {
  'error.CT_CASE_NOT_FOUND': { 'zh-CN': '未找到该偏差事件。', en: 'The deviation case was not found.' },
  'error.CT_CASE_ATTACHMENT_NOT_FOUND': { 'zh-CN': '未找到该附件。', en: 'The attachment was not found.' },
  'error.CT_CASE_ATTACHMENT_TOO_LARGE': {
    'zh-CN': '附件超过 512 KiB，请附摘要或较小的文件。',
    en: 'The attachment is larger than 512 KiB; attach a summary or a smaller file.',
  },
  'error.CT_CASE_SUBJECT_NOT_FOUND': {
    'zh-CN': '未找到该事件的对象。',
    en: "The case's subject was not found.",
  },
  'error.CT_CASE_SUBJECT_NOT_QUARANTINED': {
    'zh-CN': '只有已接收并隔离的产品才能作出处置。',
    en: 'Only a received, quarantined product can be disposed of.',
  },
  'error.CT_CASE_CLOSED': {
    'zh-CN': '该偏差事件已关闭；新的偏差请另开事件。',
    en: 'The deviation case is closed; open a new case for a new deviation.',
  },
  'error.CT_CASE_STEP_NOT_ALLOWED': {
    'zh-CN': '事件当前状态下不能进行此步骤。',
    en: 'This step is not allowed in the case’s current state.',
  },
  'error.CT_CASE_NO_ADVICE': {
    'zh-CN': '8.1.6：放行前须有生产方签名的处理建议（且疑问已答复）。',
    en: "8.1.6: release needs the manufacturer's signed advice first (and any open question answered).",
  },
  'error.CT_CASE_ADVISED_DO_NOT_USE': {
    'zh-CN': '生产方建议“不得使用”：没有新的签名建议，产品不能放行。',
    en: 'The manufacturer advised “do not use”: the product cannot be released without a new signed advice.',
  },
  'error.CT_CASE_CONDITIONS_MISSING': {
    'zh-CN': '建议为“有条件使用”：请在放行中写明条件。',
    en: 'The advice is “use with conditions”: write the conditions on the release.',
  },
  'error.CT_CASE_DISPOSITION_MISMATCH': {
    'zh-CN': '处置值与结果不符：放行为 released，拒收为 damaged、destroyed 或 returned。',
    en: 'The disposition value does not fit the outcome: released for a release; damaged, destroyed or returned for a rejection.',
  },
  'error.CT_CASE_ASSESSMENT_INCOMPLETE': {
    'zh-CN': '10.14：请填写严重度、可能性和可探测度，或本院自己的评估方法。',
    en: "10.14: give severity, likelihood and detectability, or the clinic's own scheme.",
  },
  'error.CT_CASE_ALERT_NOT_CRITICAL': {
    'zh-CN': '只能从运输中的严重告警开启偏差事件。',
    en: 'A case opens from a critical shipment alert in transit only.',
  },
};

registerMessages(deviationMessages);
