import type { MessageTable } from './catalog.js';

/**
 * Texts of the record's integrity (issue 12): the temperature record compared with what the
 * receipt signed for (Annex 11 §8.2), and the audit chain's verification (21 CFR 11.10(e)).
 */
export const integrityMessages: MessageTable = {
  'record.RECORD_UNCHANGED': {
    'zh-CN': '温度记录与接收时签署的记录一致（{count} 条读数，SHA-256 {digest}；{events} 条设备事件）。',
    en: 'The temperature record is the one signed for at receipt ({count} readings, SHA-256 {digest}; {events} device events).',
  },
  'record.RECORD_UNCHANGED.readingsOnly': {
    'zh-CN':
      '温度读数与接收时签署的一致（{count} 条读数，SHA-256 {digest}）。该接收记录早于事件签署功能，设备事件未作比对。',
    en: 'The temperature readings are the ones signed for at receipt ({count} readings, SHA-256 {digest}). This receipt predates the signing of events, so the device events were not compared.',
  },
  'record.RECORD_CHANGED_AFTER_RECEIPT': {
    'zh-CN':
      '接收后温度记录已被更改：接收时为 {signedCount} 条读数（SHA-256 {signedDigest}），现为 {currentCount} 条（SHA-256 {currentDigest}）。',
    en: 'The temperature record changed after the receipt: {signedCount} readings when it was signed for (SHA-256 {signedDigest}), {currentCount} now (SHA-256 {currentDigest}).',
  },
  'record.RECORD_CHANGED_AFTER_RECEIPT.events': {
    'zh-CN':
      '接收后设备事件（开盖、开门、冲击、倾斜、液位）已被更改：接收时为 {signedCount} 条（SHA-256 {signedDigest}），现为 {currentCount} 条（SHA-256 {currentDigest}）。',
    en: "The loggers' events (lid, door, shock, tilt, coolant) changed after the receipt: {signedCount} when they were signed for (SHA-256 {signedDigest}), {currentCount} now (SHA-256 {currentDigest}).",
  },
  'record.changed.review': {
    'zh-CN': '此处显示的最终结论为接收时记录的结论；请质量人员复核该记录。',
    en: 'The final verdict shown is the one recorded at receipt; have QA review the record.',
  },
  'record.RECORD_NOT_CHECKED': {
    'zh-CN': '暂时无法读取温度记录，未能与接收时签署的记录比对（SHA-256 {digest}）。',
    en: 'The temperature record could not be read just now, so it was not compared with the one signed for at receipt (SHA-256 {digest}).',
  },
  'record.title': { 'zh-CN': '接收后的温度记录', en: 'Temperature record since receipt' },
  'audit.verify.ok': {
    'zh-CN': '审计追踪完整：{rows} 行，链头为第 {seq} 行，{anchors} 个链外锚点。',
    en: 'The audit trail is intact: {rows} rows, head at row {seq}, {anchors} anchors outside the database.',
  },
  'audit.verify.failed': {
    'zh-CN': '审计追踪已被篡改：发现 {count} 处问题。',
    en: 'The audit trail has been tampered with: {count} problems found.',
  },
  'audit.verify.unkeyed': {
    'zh-CN':
      '未找到审计密钥（COLDTRACE_AUDIT_KEY 或数据目录中的 audit/audit-key）：仅核对了普通哈希，无法发现重新计算的链。',
    en: 'No audit key (COLDTRACE_AUDIT_KEY or audit/audit-key in the data folder): only the plain hashes were checked, a recomputed chain cannot be seen.',
  },
  'audit.problem.edited': {
    'zh-CN': '{table} {id}：记录后内容被更改（与其哈希或审计行不符）。',
    en: '{table} {id}: changed after it was recorded (it no longer matches its hash or its audit row).',
  },
  'audit.problem.rechained': {
    'zh-CN': '{table} {id}：哈希链被重新计算，或由不持有审计密钥者写入（MAC 不符）。',
    en: '{table} {id}: the hash chain was recomputed, or written by someone without the audit key (the MAC does not match).',
  },
  'audit.problem.missing': {
    'zh-CN': '{table} {id}：缺失（链中缺行，或该记录没有审计行）。',
    en: '{table} {id}: missing (rows gone from the chain, or a record with no audit row).',
  },
  'audit.problem.truncated': {
    'zh-CN': '{table} {id}：链尾被截断（数据库外的锚点记录的链头在此之后）。',
    en: '{table} {id}: the tail of the chain was cut off (the head anchored outside the database is beyond it).',
  },
};
