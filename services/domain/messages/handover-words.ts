import type { MessageTable } from './catalog.js';

/**
 * Words of the handover page added with issue #17: what confirming a
 * deviating receipt does (8.1.6), and what happened after it.
 */
export const handoverWords: MessageTable = {
  'page.handover.donor': { 'zh-CN': '供者类型', en: 'Donor type' },
  'page.handover.storageMode': { 'zh-CN': '储存方式', en: 'Storage mode' },
  'page.receipt.goTo': { 'zh-CN': '记录接收（隔离产品）', en: 'Record the receipt (quarantine)' },
  'page.receipt.consequence': {
    'zh-CN':
      '本运单判定为偏差。确认接收后，产品将被隔离、不得使用（8.1.6），并通过邮件通知制备厂商质量部门（{qa}）。',
    en: 'This shipment is a deviation. Confirming the receipt quarantines the product: it must not be used (8.1.6), and the manufacturer’s QA ({qa}) is informed by email.',
  },
  'page.receipt.theMaker': { 'zh-CN': '制备厂商', en: 'the manufacturer' },
  'page.receipt.confirmQuarantine': {
    'zh-CN': '确认接收并隔离产品',
    en: 'Confirm the receipt and quarantine the product',
  },
  'page.receipt.quarantined': {
    'zh-CN': '产品已隔离：请勿使用，等待制备厂商的处理建议（8.1.6）。',
    en: 'The product is quarantined: do not use it; wait for the manufacturer’s advice (8.1.6).',
  },
  'page.receipt.notified': {
    'zh-CN': '已通过邮件通知制备厂商质量部门：{qa}',
    en: 'The manufacturer’s QA was informed by email: {qa}',
  },
  'page.receipt.notifiedMaker': {
    'zh-CN': '已通过邮件通知制备厂商质量部门。',
    en: 'The manufacturer’s QA was informed by email.',
  },
  'page.receipt.answer': {
    'zh-CN': '请回答此项核查（是或否）：{question}',
    en: 'Answer this check (yes or no): {question}',
  },
};
