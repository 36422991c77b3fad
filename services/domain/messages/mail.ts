import type { MessageTable } from './catalog.js';

/**
 * Texts of the emails coldtrace sends (owned by services/notify). Finding and clause texts come from
 * the domain's own entries; these are the words around them.
 */
export const mailMessages: MessageTable = {
  'mail.greeting': { 'zh-CN': '您好，', en: 'Hello,' },
  'mail.footer': {
    'zh-CN': '此邮件由 coldtrace 冷链监测系统自动发送。请勿直接回复；在系统中确认告警并填写原因。',
    en: 'This message was sent automatically by coldtrace cold-chain monitoring. Do not reply; acknowledge the alert in coldtrace with a reason.',
  },
  'mail.dedupeNote': {
    'zh-CN': '如收到重复邮件（相同 Message-ID），以第一封为准。',
    en: 'If this message arrives twice (same Message-ID), the first copy counts.',
  },
  'mail.link.verdict': { 'zh-CN': '查看运输判定', en: 'Open the shipment verdict' },
  'mail.link.storage': { 'zh-CN': '查看储存单元状态', en: 'Open the storage unit status' },
  'mail.link.alerts': { 'zh-CN': '查看并确认告警', en: 'Review and acknowledge alerts' },
  'mail.alert.todo.started': {
    'zh-CN': '请打开告警并注明原因予以确认；产品使用前请先查看判定结果。',
    en: 'Open the alert and acknowledge it with a reason; check the verdict before the product is used.',
  },
  'mail.alert.todo.escalated': {
    'zh-CN': '该告警尚无人确认：请联系负责人，或打开告警并注明原因予以确认。',
    en: 'Nobody has acknowledged this alert: reach the person in charge, or open it and acknowledge it with a reason.',
  },
  'mail.alert.todo.ended': {
    'zh-CN': '情况已结束，目前无需处理；如尚未确认，请注明原因予以确认。',
    en: 'The condition is over; nothing to do now. If the alert is not acknowledged yet, acknowledge it with a reason.',
  },

  'mail.field.shipment': { 'zh-CN': '运单', en: 'Shipment' },
  'mail.field.product': { 'zh-CN': '产品', en: 'Product' },
  'mail.field.batch': { 'zh-CN': '批号', en: 'Batch' },
  'mail.field.quantity': { 'zh-CN': '数量', en: 'Quantity' },
  'mail.field.route': { 'zh-CN': '路线', en: 'Route' },
  'mail.field.device': { 'zh-CN': '记录仪', en: 'Logger' },
  'mail.field.storageUnit': { 'zh-CN': '储存单元', en: 'Storage unit' },
  'mail.field.site': { 'zh-CN': '地点', en: 'Site' },
  'mail.field.item': { 'zh-CN': '储存物品', en: 'Stored item' },
  'mail.field.finding': { 'zh-CN': '发现', en: 'Finding' },
  'mail.field.clause': { 'zh-CN': '条款', en: 'Clause' },
  'mail.field.severity': { 'zh-CN': '严重程度', en: 'Severity' },
  'mail.field.from': { 'zh-CN': '开始', en: 'From' },
  'mail.field.to': { 'zh-CN': '结束', en: 'To' },
  'mail.field.duration': { 'zh-CN': '持续时间', en: 'Duration' },
  'mail.field.peak': { 'zh-CN': '峰值温度', en: 'Peak temperature' },
  'mail.field.range': { 'zh-CN': '要求范围', en: 'Required range' },
  'mail.field.figures': { 'zh-CN': '数据', en: 'Figures' },
  'mail.field.detectedAt': { 'zh-CN': '系统发现时间', en: 'Detected by coldtrace at' },
  'mail.field.alertId': { 'zh-CN': '告警编号', en: 'Alert id' },
  'mail.field.status': { 'zh-CN': '判定', en: 'Verdict' },
  'mail.field.receivedAt': { 'zh-CN': '接收时间', en: 'Received at' },
  'mail.field.receiver': { 'zh-CN': '接收人', en: 'Received by' },
  'mail.field.notes': { 'zh-CN': '备注', en: 'Notes' },

  'mail.severity.info': { 'zh-CN': '提示', en: 'info' },
  'mail.severity.minor': { 'zh-CN': '轻微', en: 'minor' },
  'mail.severity.major': { 'zh-CN': '严重', en: 'major' },
  'mail.severity.critical': { 'zh-CN': '危急', en: 'critical' },

  'mail.phase.started': { 'zh-CN': '开始', en: 'started' },
  'mail.phase.ended': { 'zh-CN': '结束', en: 'ended' },
  'mail.phase.escalated': { 'zh-CN': '升级（未确认）', en: 'escalated (not acknowledged)' },

  'mail.late': {
    'zh-CN': '迟到数据：该事件发生于 {happenedAt}，记录仪离线后补传，系统于 {detectedAt} 才收到。',
    en: 'Late data: this happened at {happenedAt}; the logger sent its backlog after being offline and coldtrace received it only at {detectedAt}.',
  },
  'mail.escalation': {
    'zh-CN': '该告警自 {openedAt} 起无人确认，现升级通知您。',
    en: 'Nobody has acknowledged this alert since {openedAt}; it is escalated to you.',
  },

  'mail.alert.TEMP_EXCURSION.started': {
    'zh-CN': '记录仪 {deviceId} 温度超出范围（{rangeText}），已超过报警延迟；目前最极端值 {peakC} °C。',
    en: 'Logger {deviceId} is out of range ({rangeText}) beyond the alarm delay; most extreme so far {peakC} °C.',
  },
  'mail.alert.TEMP_EXCURSION.ended': {
    'zh-CN': '记录仪 {deviceId} 温度已恢复至范围内。超出范围持续 {duration}，峰值 {peakC} °C。',
    en: 'Logger {deviceId} is back in range. The excursion lasted {duration}, peak {peakC} °C.',
  },
  'mail.alert.TEMP_WARNING.started': {
    'zh-CN':
      '预警：设备 {deviceId} 温度仍在范围内（{rangeText}），但已超出预警区间（{warnText}），目前 {peakC} °C。请检查冷却条件，避免发生温度偏差。',
    en: 'Pre-alarm: device {deviceId} is still in range ({rangeText}) but outside its warning band ({warnText}), {peakC} °C now. Check the cooling before it becomes an excursion.',
  },
  'mail.alert.TEMP_WARNING.ended': {
    'zh-CN': '设备 {deviceId} 温度已回到预警区间（{warnText}）内。预警持续 {duration}，最极端值 {peakC} °C。',
    en: 'Device {deviceId} is back inside its warning band ({warnText}). The warning lasted {duration}, most extreme {peakC} °C.',
  },
  /** alert kinds that are not a finding of the verdict name themselves in the subject and finding line */
  'mail.kind.TEMP_WARNING': {
    'zh-CN': '温度预警（仍在范围内）',
    en: 'temperature pre-alarm (still in range)',
  },
  'mail.kind.TRANSPORT_TIME_WARNING': {
    'zh-CN': '运输时间预警（已达 80%）',
    en: 'transport time pre-alarm (80 % reached)',
  },
  'mail.alert.STORAGE_OUT_OF_RANGE.started': {
    'zh-CN':
      '储存单元 {unitName} 的传感器 {deviceId} 温度超出范围（{rangeText}），已超过开门延迟；目前最极端值 {peakC} °C。',
    en: 'Storage unit {unitName}, sensor {deviceId}: out of range ({rangeText}) beyond the door-opening delay; most extreme so far {peakC} °C.',
  },
  'mail.alert.STORAGE_OUT_OF_RANGE.ended': {
    'zh-CN': '储存单元 {unitName} 温度已恢复。超出范围持续 {duration}，峰值 {peakC} °C。',
    en: 'Storage unit {unitName} is back in range. The excursion lasted {duration}, peak {peakC} °C.',
  },
  'mail.alert.RECORD_GAP.started': {
    'zh-CN': '记录仪 {deviceId} 已有 {duration} 未上报数据（允许最大间隔 {maxGapMinutes} 分钟）。',
    en: 'Logger {deviceId} has sent nothing for {duration} (maximum gap allowed: {maxGapMinutes} min).',
  },
  'mail.alert.RECORD_GAP.ended': {
    'zh-CN': '记录仪 {deviceId} 的记录中断了 {duration}（允许最大间隔 {maxGapMinutes} 分钟）；现已恢复上报。',
    en: 'Logger {deviceId}: the record had a gap of {duration} (maximum allowed {maxGapMinutes} min); it is reporting again.',
  },
  'mail.alert.TRANSPORT_TIME_WARNING.started': {
    'zh-CN': '运输时间已达最大允许运输时间的 80%（已用 {elapsed}，上限 {maxTransportMinutes} 分钟）。',
    en: 'Transport time has reached 80 % of the maximum ({elapsed} of {maxTransportMinutes} min).',
  },
  'mail.alert.STORAGE_LIMIT_DUE.started': {
    'zh-CN': '储存物品 {itemId}（{product}）将于 {limitAt} 到达储存时限。',
    en: 'Stored item {itemId} ({product}) reaches its storage time limit at {limitAt}.',
  },
  'mail.alert.STORAGE_LIMIT_PASSED.started': {
    'zh-CN': '储存物品 {itemId}（{product}）已超过储存时限（{limitAt}），不应使用。',
    en: 'Stored item {itemId} ({product}) has passed its storage time limit ({limitAt}); do not use it.',
  },
  'mail.alert.DEVICE_OFFLINE.started': {
    'zh-CN': '设备 {deviceId} 已离线（连接中断）。',
    en: 'Device {deviceId} went offline (connection lost).',
  },
  'mail.alert.DEVICE_OFFLINE.ended': {
    'zh-CN': '设备 {deviceId} 已重新上线。',
    en: 'Device {deviceId} is back online.',
  },
  /** kinds whose statement is the domain's own finding message */
  'mail.alert.finding.started': { 'zh-CN': '{findingMessage}', en: '{findingMessage}' },
  'mail.alert.finding.ended': {
    'zh-CN': '已结束：{findingMessage}',
    en: 'Over: {findingMessage}',
  },
  'mail.alert.retracted': {
    'zh-CN': '补传的数据表明此前的告警不成立，告警已撤销。',
    en: 'Late data shows the earlier alarm did not hold; the alert is withdrawn.',
  },

  'mail.receipt.intro': {
    'zh-CN':
      '运单 {shipmentId} 在接收时判定为偏差。按 8.1.6，临床机构已停止使用该产品并隔离，请制备厂商开展调查并提供处理建议。',
    en: 'Shipment {shipmentId} was judged a deviation at receipt. Under 8.1.6 the clinic has stopped use and quarantined the product; the manufacturer is asked to investigate and advise.',
  },
  // issue 17: the deviation mail in the shape of every mail, one line of what happened, one of what to do
  'mail.receipt.happened': {
    'zh-CN': '运单 {shipmentId} 在接收时判定为偏差；产品已隔离，不得使用（8.1.6）。',
    en: 'Shipment {shipmentId} was judged a deviation at receipt; the product is quarantined and must not be used (8.1.6).',
  },
  'mail.receipt.todo': {
    'zh-CN': '请调查原因，并在 coldtrace 中给出处理建议；在此之前产品保持隔离。',
    en: 'Please investigate and give your handling advice in coldtrace; until then the product stays quarantined.',
  },
  'mail.receipt.attachments': {
    'zh-CN': '附件：完整温度记录（CSV）和可打印报告（PDF）。',
    en: 'Attached: the complete temperature record (CSV) and the printable report (PDF).',
  },
  'mail.receipt.footer': {
    'zh-CN': '此邮件由 coldtrace 冷链监测系统自动发送。请勿直接回复；请在系统中给出处理建议。',
    en: 'This message was sent automatically by coldtrace cold-chain monitoring. Do not reply; give your handling advice in coldtrace.',
  },
  'mail.receipt.findings': { 'zh-CN': '全部发现', en: 'All findings' },
  'mail.receipt.attachment': {
    'zh-CN': '附件为本次运输的完整温度记录（CSV）。',
    en: 'The complete temperature record of the shipment is attached (CSV).',
  },
  'mail.receipt.subject': {
    'zh-CN': '接收偏差，产品已隔离',
    en: 'deviation at receipt, product quarantined',
  },
  'mail.verdict.pass': { 'zh-CN': '合格', en: 'pass' },
  'mail.verdict.deviation': { 'zh-CN': '偏差', en: 'deviation' },

  'mail.duration.minutes': { 'zh-CN': '{minutes} 分钟', en: '{minutes} min' },
  'mail.duration.hoursMinutes': { 'zh-CN': '{hours} 小时 {minutes} 分钟', en: '{hours} h {minutes} min' },
  'mail.duration.seconds': { 'zh-CN': '{seconds} 秒', en: '{seconds} s' },
};
