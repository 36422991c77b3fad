import { type MessageTable, registerMessages } from './catalog.js';

/** Texts of the audit page (issue 14; Annex 11 §9, 21 CFR 11.10(e)): who did what to which record, when. */
export const auditMessages: MessageTable = {
  'page.nav.audit': { 'zh-CN': '审计追踪', en: 'Audit trail' },
  'page.auditTrail.title': { 'zh-CN': '审计追踪', en: 'Audit trail' },
  'page.auditTrail.intro': {
    'zh-CN':
      '每一次对记录的修改：由谁（人员或密钥）、何时、对哪条记录、原因。每条记录以哈希链接到上一条，不可修改。',
    en: 'Every change to a record: by whom (person or key), when, to which record, and why. Each entry is chained by its hash to the one before and cannot be changed.',
  },
  'page.auditTrail.person': {
    'zh-CN': '人员（登录名、账户 ID 或密钥 ID）',
    en: 'Person (login name, account id or key id)',
  },
  'page.auditTrail.entity': { 'zh-CN': '记录类型', en: 'Record type' },
  'page.auditTrail.entityId': { 'zh-CN': '记录编号', en: 'Record id' },
  'page.auditTrail.from': { 'zh-CN': '起始时间（含）', en: 'From (inclusive)' },
  'page.auditTrail.to': { 'zh-CN': '截止时间（不含）', en: 'To (exclusive)' },
  'page.auditTrail.zone': {
    'zh-CN': '时间按站点时区 {zone} 输入和显示。',
    en: 'Times are entered and shown in the site zone {zone}.',
  },
  'page.auditTrail.search': { 'zh-CN': '查询', en: 'Search' },
  'page.auditTrail.more': { 'zh-CN': '更早的记录', en: 'Older entries' },
  'page.auditTrail.empty': { 'zh-CN': '没有符合条件的审计记录。', en: 'No audit entries match.' },
  'page.auditTrail.count': { 'zh-CN': '显示 {count} 条，最新的在前。', en: 'Showing {count}, newest first.' },
  'page.auditTrail.record': { 'zh-CN': '记录', en: 'Record' },
  'page.auditTrail.any': { 'zh-CN': '全部', en: 'Any' },
  'page.auditTrail.entity.shipment': { 'zh-CN': '运单', en: 'shipment' },
  'page.auditTrail.entity.receipt': { 'zh-CN': '接收记录', en: 'receipt' },
  'page.auditTrail.entity.signature': { 'zh-CN': '电子签名', en: 'signature' },
  'page.auditTrail.entity.alert': { 'zh-CN': '告警', en: 'alert' },
  'page.auditTrail.entity.storage_unit': { 'zh-CN': '储存单元', en: 'storage unit' },
  'page.auditTrail.entity.stored_item': { 'zh-CN': '储存物品', en: 'stored item' },
  'page.auditTrail.entity.deviation_case': { 'zh-CN': '偏差处理', en: 'deviation case' },
  'page.auditTrail.entity.user': { 'zh-CN': '人员账户', en: 'account' },
  'page.auditTrail.entity.api_key': { 'zh-CN': 'API 密钥', en: 'API key' },
  'page.auditTrail.entity.device': { 'zh-CN': '设备', en: 'device' },
  'page.auditTrail.entity.profile': { 'zh-CN': '产品要求', en: 'product requirements' },
  'page.audit.action.sign': { 'zh-CN': '电子签名', en: 'signed' },
  'page.audit.action.acknowledge': { 'zh-CN': '确认', en: 'acknowledged' },
  'page.audit.action.revoke': { 'zh-CN': '吊销', en: 'revoked' },
  'page.audit.action.reset_password': { 'zh-CN': '管理员重置密码', en: 'password reset by an administrator' },
  'page.audit.action.change_password': { 'zh-CN': '本人修改密码', en: 'password changed by its holder' },
  'page.audit.action.accept_invitation': {
    'zh-CN': '接受邀请并设置密码',
    en: 'invitation taken up, password set',
  },
  'page.audit.action.rotate_secret': { 'zh-CN': '更换设备密钥', en: 'device secret rotated' },
  'page.audit.action.store': { 'zh-CN': '放入储存', en: 'put into storage' },
  'page.audit.action.remove': { 'zh-CN': '取出', en: 'taken out' },
  'page.audit.action.escalate': { 'zh-CN': '已升级', en: 'escalated' },
  'page.audit.action.close': { 'zh-CN': '关闭', en: 'closed' },
  'page.audit.action.open': { 'zh-CN': '开启', en: 'opened' },
};

registerMessages(auditMessages);
