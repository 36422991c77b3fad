import type { MessageTable } from './catalog.js';

/** One-line plain statement of each clause of the standard that coldtrace implements. */
export const clauseMessages: MessageTable = {
  'clause.7.7': {
    'zh-CN': '制备厂商应规定运输与储存要求：温度范围、最大运输时间、运输容器、储存方式和储存时限。',
    en: 'The manufacturer states transport and storage requirements: temperature range, maximum transport time, container, storage mode and storage time limit.',
  },
  'clause.7.8': {
    'zh-CN':
      '制备厂商应提供产品使用过程中的时间要求：复苏后可使用时间、输注前准备时间、稀释或混合后的使用时限（如适用）和超时处理要求（如不应使用）。',
    en: 'The manufacturer gives the time limits of use: use time after thawing, preparation time before infusion, use time after dilution or mixing (where it applies), and what to do past them (e.g. do not use).',
  },
  'clause.7.15': {
    'zh-CN':
      '制备厂商应规定运输与交付要求：运输温度范围、最大运输时间、运输容器、交付验收要求和运输异常处理原则。',
    en: 'The manufacturer states transport and delivery requirements: transport temperature range, maximum transport time, container, acceptance at delivery and how transport anomalies are handled.',
  },
  'clause.8.1.3': {
    'zh-CN': '接收时核对产品名称、批号、数量、标签、状态、有效期、运输记录和随附文件；不一致应暂停使用。',
    en: 'At receipt, check name, batch, quantity, label, state, expiry, transport record and documents; on any mismatch, stop use.',
  },
  'clause.8.1.4': {
    'zh-CN': '检查包装和外观；冻存制剂应保持在规定温度（干冰未挥发完、液氮液位正常）；异常不得使用。',
    en: 'Inspect packaging and appearance; frozen product must still be cold (dry ice left, LN2 level normal); if not, do not use it.',
  },
  'clause.8.1.5': {
    'zh-CN': '核查运输温度记录是否连续完整、在范围内，运输时间、容器是否符合，有无延误、暴露或其他异常。',
    en: 'Check the transport record is continuous, complete and in range, transport time and container as required, and no delay, exposure or other anomaly.',
  },
  'clause.8.1.6': {
    'zh-CN': '接收中发现任何异常，应立即停止使用并报告制备厂商。',
    en: 'Any anomaly found at receipt: stop use at once and report to the manufacturer.',
  },
  'clause.8.1.7': {
    'zh-CN': '接收过程应真实、完整、可追溯地记录。',
    en: 'The receipt is recorded truthfully, completely and traceably.',
  },
  'clause.10.12': {
    'zh-CN': '设备应定期检修和计量校准，并留档。',
    en: 'Equipment is maintained and calibrated, with records kept.',
  },
};
