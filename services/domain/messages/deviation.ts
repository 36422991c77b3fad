import type { MessageTable } from './catalog.js';

/** Texts of the deviation loop (issue 15): case pages, mails, the deviation report, error texts. */
export const deviationMessages: MessageTable = {
  'error.CT_CASE_NOT_FOUND': {
    'zh-CN': '未找到偏差事件“{id}”。',
    en: "Deviation case '{id}' was not found.",
  },
  'error.CT_CASE_ATTACHMENT_NOT_FOUND': {
    'zh-CN': '未找到附件“{id}”。',
    en: "Attachment '{id}' was not found.",
  },
  'error.CT_CASE_ATTACHMENT_TOO_LARGE': {
    'zh-CN': '附件“{id}”超过 512 KiB，请附摘要或较小的文件。',
    en: "Attachment '{id}' is larger than 512 KiB; attach a summary or a smaller file.",
  },
  'error.CT_CASE_SUBJECT_NOT_FOUND': {
    'zh-CN': '未找到该事件的对象“{id}”。',
    en: "The case's subject '{id}' was not found.",
  },
  'error.CT_CASE_SUBJECT_NOT_QUARANTINED': {
    'zh-CN': '运单“{id}”的状态为“{state}”：只有已接收并隔离的产品才能作出处置。',
    en: "Shipment '{id}' is '{state}': only a received, quarantined product can be disposed of.",
  },
  'error.CT_CASE_CLOSED': {
    'zh-CN': '偏差事件“{id}”已关闭；新的偏差请另开事件。',
    en: "Deviation case '{id}' is closed; open a new case for a new deviation.",
  },
  'error.CT_CASE_STEP_NOT_ALLOWED': {
    'zh-CN': '事件状态为“{state}”时不能进行“{step}”步骤。',
    en: "A '{step}' step is not allowed while the case is '{state}'.",
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
    'zh-CN': '告警“{id}”不是运输中的严重告警：只能从运输中的严重告警开启偏差事件。',
    en: "Alert '{id}' is not a critical shipment alert: a case opens from a critical shipment alert in transit only.",
  },
  'error.CT_CASE_WRONG_PARTY': {
    'zh-CN': '“{step}”步骤由另一方进行：临床机构评估和处置（8.1.5），生产方提问和给出建议（8.1.6）。',
    en: "A '{step}' step belongs to the other party: the clinic assesses and disposes (8.1.5), the manufacturer asks and advises (8.1.6).",
  },
  'error.CT_CASE_SIGNATURE_REQUIRED': {
    'zh-CN': '偏差事件的每一步都须签名：请输入登录名和密码。',
    en: 'Every step of a deviation case is signed: enter your login name and password.',
  },

  'case.report.title': { 'zh-CN': '偏差报告', en: 'Deviation report' },
  'case.report.closedAt': { 'zh-CN': '关闭时间', en: 'Closed' },
  'case.report.recordDigest': { 'zh-CN': '温度记录 SHA-256', en: 'Temperature record SHA-256' },
  'case.report.openingDigest': { 'zh-CN': '事件开启内容 SHA-256', en: 'Case opening SHA-256' },
  'case.report.retention': { 'zh-CN': '保存期限', en: 'Retention' },
  'case.report.retentionText': {
    'zh-CN': '至少保存至产品使用后 {years} 年（10.3、10.4）',
    en: 'at least {years} years after the product’s use (10.3, 10.4)',
  },
  'page.case.deviationReport': { 'zh-CN': '偏差报告（PDF）', en: 'Deviation report (PDF)' },
  'mail.case.report': { 'zh-CN': '偏差报告', en: 'Deviation report' },

  // --- the case page (dashboards/web/public/case.html) ---
  'page.nav.cases': { 'zh-CN': '偏差事件', en: 'Deviation cases' },
  'page.case.title': { 'zh-CN': '偏差事件', en: 'Deviation cases' },
  'page.case.list.open': { 'zh-CN': '未关闭', en: 'Open' },
  'page.case.list.all': { 'zh-CN': '全部', en: 'All' },
  'page.case.list.show': { 'zh-CN': '显示', en: 'Show' },
  'page.case.list.empty': { 'zh-CN': '没有偏差事件。', en: 'No deviation cases.' },
  'page.case.overdue': { 'zh-CN': '已逾期', en: 'overdue' },
  'page.case.record': { 'zh-CN': '运单记录与发现', en: 'Record and findings' },
  'page.case.chart': { 'zh-CN': '温度记录', en: 'Temperature record' },
  'page.case.report': { 'zh-CN': '运单报告（可打印）', en: 'Shipment report (printable)' },
  'page.case.steps': { 'zh-CN': '经过（每一步均已签名）', en: 'Steps (each signed)' },
  'page.case.steps.none': { 'zh-CN': '尚无记录的步骤。', en: 'No step recorded yet.' },
  'page.case.next.open': {
    'zh-CN': '下一步：临床机构质量人员进行风险评估（8.1.5）。',
    en: "Next: the clinic's quality staff assess the risk (8.1.5).",
  },
  'page.case.next.assessed': {
    'zh-CN': '下一步：制备厂商调查并给出处理建议（8.1.6）。',
    en: 'Next: the manufacturer investigates and advises (8.1.6).',
  },
  'page.case.next.questioned': {
    'zh-CN': '下一步：临床机构在新的风险评估中答复制备厂商的问题。',
    en: "Next: the clinic answers the manufacturer's question with a revised assessment.",
  },
  'page.case.next.advised': {
    'zh-CN': '下一步：临床机构负责人签名作出处置（放行或拒收）。',
    en: "Next: the clinic's responsible person signs the disposition (release or reject).",
  },
  'page.case.next.released': {
    'zh-CN': '事件已关闭：产品已放行。',
    en: 'Case closed: the product was released.',
  },
  'page.case.next.rejected': {
    'zh-CN': '事件已关闭：产品已拒收。',
    en: 'Case closed: the product was rejected.',
  },
  'page.case.assess.title': { 'zh-CN': '风险评估（8.1.5、10.14）', en: 'Risk assessment (8.1.5, 10.14)' },
  'page.case.assess.scheme': {
    'zh-CN': '评分（1 最低，5 最高），或填写本院自己的评估方法',
    en: "Scores (1 lowest, 5 highest), or the clinic's own scheme",
  },
  'page.case.assess.none': { 'zh-CN': '—', en: '—' },
  'page.case.assess.submit': { 'zh-CN': '签名提交风险评估', en: 'Sign the risk assessment' },
  'page.case.question.title': { 'zh-CN': '向临床机构提问', en: 'Ask the clinic a question' },
  'page.case.question.submit': { 'zh-CN': '签名提交问题', en: 'Sign and send the question' },
  'page.case.advice.title': { 'zh-CN': '调查与处理建议（8.1.6）', en: 'Investigation and advice (8.1.6)' },
  'page.case.advice.attachText': {
    'zh-CN': '稳定性数据或偏差允许范围（文字）',
    en: 'Stability data or excursion allowance (text)',
  },
  'page.case.advice.attachFile': {
    'zh-CN': '或附文件（不超过 512 KiB）',
    en: 'or attach a file (up to 512 KiB)',
  },
  'page.case.advice.submit': { 'zh-CN': '签名提交处理建议', en: 'Sign the advice' },
  'page.case.disposition.title': { 'zh-CN': '处置', en: 'Disposition' },
  'page.case.disposition.blocked': {
    'zh-CN': '制备厂商的最新建议为“不得使用”：没有新的签名建议，产品不能放行。',
    en: 'The manufacturer’s latest advice is “do not use”: the product cannot be released without a new signed advice.',
  },
  'page.case.disposition.needsAdvice': {
    'zh-CN': '放行须先有制备厂商签名的处理建议；拒收随时可以。',
    en: "A release needs the manufacturer's signed advice first; a rejection is possible at any time.",
  },
  'page.case.disposition.submit': { 'zh-CN': '签名提交处置', en: 'Sign the disposition' },
  'page.case.sign.legend': { 'zh-CN': '您的电子签名', en: 'Your electronic signature' },
  'page.case.sign.note': {
    'zh-CN': '以您自己的登录名和密码签名：这是您对此步骤的电子签名（21 CFR 11.50、11.200）。',
    en: 'Sign with your own login name and password: it is your electronic signature on this step (21 CFR 11.50, 11.200).',
  },
  'page.case.saved': { 'zh-CN': '已签名并记录。', en: 'Signed and recorded.' },
  'page.case.notYours': {
    'zh-CN': '此事件当前没有需要您这一方完成的步骤。',
    en: 'Nothing in this case is for your side to do now.',
  },

  // --- the case's words (pages, mails, report) ---
  'case.title': { 'zh-CN': '偏差事件', en: 'Deviation case' },
  'case.state.open': { 'zh-CN': '已开启，待评估', en: 'open, awaiting assessment' },
  'case.state.assessed': {
    'zh-CN': '已评估，待制备厂商建议',
    en: "assessed, awaiting the manufacturer's advice",
  },
  'case.state.questioned': {
    'zh-CN': '制备厂商提问，待临床机构答复',
    en: 'question from the manufacturer, awaiting the clinic',
  },
  'case.state.advised': { 'zh-CN': '已给出建议，待处置', en: 'advice given, awaiting disposition' },
  'case.state.released': { 'zh-CN': '已放行', en: 'released' },
  'case.state.rejected': { 'zh-CN': '已拒收', en: 'rejected' },
  'case.step.assessment': { 'zh-CN': '风险评估', en: 'risk assessment' },
  'case.step.question': { 'zh-CN': '制备厂商的问题', en: "manufacturer's question" },
  'case.step.advice': { 'zh-CN': '调查与处理建议', en: 'investigation and advice' },
  'case.step.disposition': { 'zh-CN': '处置', en: 'disposition' },
  'case.decision.use': { 'zh-CN': '可以使用', en: 'use' },
  'case.decision.use_with_conditions': { 'zh-CN': '有条件使用', en: 'use with conditions' },
  'case.decision.do_not_use': { 'zh-CN': '不得使用', en: 'do not use' },
  'case.action.destroy': { 'zh-CN': '销毁', en: 'destroy' },
  'case.action.return': { 'zh-CN': '退回', en: 'return' },
  'case.outcome.released': { 'zh-CN': '放行', en: 'release' },
  'case.outcome.rejected': { 'zh-CN': '拒收', en: 'reject' },
  'case.epcis.released': { 'zh-CN': '放行（released）', en: 'released' },
  'case.epcis.damaged': { 'zh-CN': '损坏（damaged）', en: 'damaged' },
  'case.epcis.destroyed': { 'zh-CN': '销毁（destroyed）', en: 'destroyed' },
  'case.epcis.returned': { 'zh-CN': '退回（returned）', en: 'returned' },
  'case.field.case': { 'zh-CN': '偏差事件', en: 'Case' },
  'case.field.state': { 'zh-CN': '状态', en: 'State' },
  'case.field.shipment': { 'zh-CN': '运单', en: 'Shipment' },
  'case.field.storedProduct': { 'zh-CN': '在库产品', en: 'Stored product' },
  'case.field.product': { 'zh-CN': '产品', en: 'Product' },
  'case.field.batch': { 'zh-CN': '批号', en: 'Batch' },
  'case.field.quantity': { 'zh-CN': '数量', en: 'Quantity' },
  'case.field.findings': { 'zh-CN': '发现', en: 'Findings' },
  'case.field.openedAt': { 'zh-CN': '开启时间', en: 'Opened' },
  'case.field.dueAt': { 'zh-CN': '制备厂商答复期限', en: "Manufacturer's answer due" },
  'case.field.age': { 'zh-CN': '已开启', en: 'Open for' },
  'case.field.by': { 'zh-CN': '签名人', en: 'Signed by' },
  'case.field.impact': { 'zh-CN': '对产品的影响', en: 'Impact on the product' },
  'case.field.severity': { 'zh-CN': '严重度（1–5）', en: 'Severity (1–5)' },
  'case.field.likelihood': { 'zh-CN': '可能性（1–5）', en: 'Likelihood (1–5)' },
  'case.field.detectability': { 'zh-CN': '可探测度（1–5）', en: 'Detectability (1–5)' },
  'case.field.riskPriority': { 'zh-CN': '风险优先数', en: 'Risk priority number' },
  'case.field.ownScheme': { 'zh-CN': '本院评估方法', en: "Clinic's own scheme" },
  'case.field.interimControl': { 'zh-CN': '临时控制', en: 'Interim control' },
  'case.field.keptInQuarantine': { 'zh-CN': '保持隔离', en: 'Kept in quarantine' },
  'case.field.storedAtRequiredTemperature': {
    'zh-CN': '在规定温度下储存',
    en: 'Stored at the required temperature',
  },
  'case.field.storageUnit': { 'zh-CN': '储存单元', en: 'Storage unit' },
  'case.field.answer': { 'zh-CN': '对问题的答复', en: 'Answer to the question' },
  'case.field.question': { 'zh-CN': '问题', en: 'Question' },
  'case.field.investigation': { 'zh-CN': '调查', en: 'Investigation' },
  'case.field.decision': { 'zh-CN': '建议', en: 'Advice' },
  'case.field.conditions': { 'zh-CN': '使用条件', en: 'Conditions' },
  'case.field.doNotUseAction': { 'zh-CN': '不得使用时的处理', en: 'If not used' },
  'case.field.rationale': { 'zh-CN': '理由', en: 'Rationale' },
  'case.field.attachments': {
    'zh-CN': '附件（稳定性数据、偏差允许范围）',
    en: 'Attachments (stability data, excursion allowance)',
  },
  'case.field.outcome': { 'zh-CN': '处置结果', en: 'Outcome' },
  'case.field.epcisDisposition': { 'zh-CN': '处置值（EPCIS）', en: 'Disposition value (EPCIS)' },
  'case.field.notes': { 'zh-CN': '备注', en: 'Notes' },
  'case.yes': { 'zh-CN': '是', en: 'yes' },
  'case.no': { 'zh-CN': '否', en: 'no' },
  'case.link': { 'zh-CN': '打开偏差事件', en: 'Open the deviation case' },
  'mail.case.subject.opened': {
    'zh-CN': '偏差事件已开启，请调查并给出处理建议',
    en: 'deviation case opened: please investigate and advise',
  },
  'mail.case.intro.opened': {
    'zh-CN':
      '运单 {subjectId} 接收时判定为偏差，产品已隔离（8.1.6）。请登录 coldtrace，查看记录、发现和临床机构的风险评估，在期限前签名给出调查结论与处理建议。',
    en: 'Shipment {subjectId} was received with a deviation and the product is in quarantine (8.1.6). Sign in to coldtrace, review the record, the findings and the clinic’s risk assessment, and sign your investigation and advice before the due time.',
  },
  'mail.case.subject.assessed': {
    'zh-CN': '临床机构已签署风险评估',
    en: 'the clinic signed its risk assessment',
  },
  'mail.case.intro.assessed': {
    'zh-CN': '临床机构已对运单 {subjectId} 的偏差签署风险评估（8.1.5），请查看并给出处理建议。',
    en: 'The clinic signed its risk assessment of the deviation of shipment {subjectId} (8.1.5); please review it and advise.',
  },
  'mail.case.subject.questioned': { 'zh-CN': '制备厂商提出问题', en: 'question from the manufacturer' },
  'mail.case.intro.questioned': {
    'zh-CN': '制备厂商就运单 {subjectId} 的偏差提出问题，请在新的风险评估中答复。',
    en: 'The manufacturer asked a question about the deviation of shipment {subjectId}; answer it with a revised risk assessment.',
  },
  'mail.case.subject.advised': { 'zh-CN': '制备厂商已给出处理建议', en: 'the manufacturer gave its advice' },
  'mail.case.intro.advised': {
    'zh-CN': '制备厂商已对运单 {subjectId} 的偏差签署调查结论与处理建议（8.1.6）。请由负责人签名作出处置。',
    en: 'The manufacturer signed its investigation and advice on the deviation of shipment {subjectId} (8.1.6). The responsible person now signs the disposition.',
  },
  'mail.case.subject.closed': { 'zh-CN': '偏差事件已关闭', en: 'deviation case closed' },
  'mail.case.intro.closed': {
    'zh-CN': '运单 {subjectId} 的偏差事件已由临床机构负责人签名处置：{outcome}。偏差报告附后。',
    en: 'The deviation case of shipment {subjectId} was closed with the signed disposition of the clinic’s responsible person: {outcome}. The deviation report is attached.',
  },
  'mail.case.subject.reminder': { 'zh-CN': '提醒：处理建议即将到期', en: 'reminder: advice due soon' },
  'mail.case.intro.reminder': {
    'zh-CN': '运单 {subjectId} 的偏差事件仍在等待制备厂商的处理建议，期限为 {dueAt}。',
    en: 'The deviation case of shipment {subjectId} is still waiting for the manufacturer’s advice, due {dueAt}.',
  },
  'mail.case.subject.escalation': { 'zh-CN': '升级：处理建议已逾期', en: 'escalation: advice overdue' },
  'mail.case.intro.escalation': {
    'zh-CN': '运单 {subjectId} 的偏差事件已超过答复期限 {dueAt}，仍无处理建议。产品继续隔离。',
    en: 'The deviation case of shipment {subjectId} passed its answer time ({dueAt}) without advice. The product stays in quarantine.',
  },
  'mail.case.footer': {
    'zh-CN': '此邮件由 coldtrace 冷链监测系统自动发送。请勿直接回复；在系统中签名记录每一步。',
    en: 'This message was sent automatically by coldtrace cold-chain monitoring. Do not reply; sign each step in coldtrace.',
  },
};
