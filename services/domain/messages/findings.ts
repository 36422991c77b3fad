import type { MessageTable } from './catalog.js';

/**
 * The plain statement of each finding (keyed `finding.<CODE>` and `finding.<CODE>.<kind>` for the
 * variants), of each checklist item (`check.<id>`) and the names of device events. Placeholders are
 * filled by findingMessage() from the finding's details; {from} / {to} are site times, labelled.
 */
export const findingMessages: MessageTable = {
  'finding.NO_DATA': {
    'zh-CN': '记录仪 {deviceId}：{from} 至 {to} 期间没有任何温度记录。',
    en: 'Logger {deviceId}: no readings at all from {from} to {to}.',
  },
  'finding.RECORD_GAP': {
    'zh-CN': '记录仪 {deviceId}：温度记录中断。',
    en: 'Logger {deviceId}: the temperature record has a gap.',
  },
  'finding.RECORD_GAP.gap': {
    'zh-CN':
      '记录仪 {deviceId}：{from} 至 {to} 共 {gapMinutes} 分钟没有记录（最长允许 {maxGapMinutes} 分钟）。',
    en: 'Logger {deviceId}: no reading for {gapMinutes} min from {from} to {to} (at most {maxGapMinutes} min allowed).',
  },
  'finding.RECORD_GAP.seq_hole': {
    'zh-CN': '记录仪 {deviceId}：{from} 至 {to} 之间缺少 {missing} 条记录（序号不连续）。',
    en: 'Logger {deviceId}: {missing} reading(s) missing from the sequence between {from} and {to}.',
  },
  'finding.RECORD_INCOMPLETE': {
    'zh-CN': '温度记录未覆盖从发运到接收的全过程。',
    en: 'The temperature record does not cover the whole time from dispatch to receipt.',
  },
  'finding.RECORD_INCOMPLETE.start': {
    'zh-CN': '记录仪 {deviceId}：记录在发运后 {gapMinutes} 分钟才开始（{from} 至 {to} 无记录）。',
    en: 'Logger {deviceId}: the record starts {gapMinutes} min after dispatch ({from} to {to} not covered).',
  },
  'finding.RECORD_INCOMPLETE.end': {
    'zh-CN': '记录仪 {deviceId}：最后一条记录距窗口结束已 {gapMinutes} 分钟（{from} 至 {to} 无记录）。',
    en: 'Logger {deviceId}: the record stops {gapMinutes} min before the end of the window ({from} to {to} not covered).',
  },
  'finding.RECORD_INCOMPLETE.not_dispatched': {
    'zh-CN': '该运输尚未登记发运，无法确定运输时段，温度记录无法核查。',
    en: 'The shipment was never dispatched: there is no transport window, so the record cannot be checked.',
  },
  'finding.TEMP_OUT_OF_RANGE': {
    'zh-CN': '记录仪 {deviceId}：温度超出规定范围。',
    en: 'Logger {deviceId}: temperature outside the required range.',
  },
  'finding.TEMP_OUT_OF_RANGE.thaw_failed': {
    'zh-CN': '复苏于 {from} 判定不合格（{thawProblems}）。',
    en: 'Thaw judged failed at {from} ({thawProblems}).',
  },
  'finding.PRODUCT_EXPIRED.infused_late': {
    'zh-CN': '{from} 输注时已超过使用时限，按方案记录为偏差。',
    en: 'Infused at {from}, after its time limit of use; recorded as a deviation as the profile allows.',
  },
  'finding.TEMP_OUT_OF_RANGE.excursion': {
    'zh-CN':
      '记录仪 {deviceId}：{from} 至 {to} 温度超出规定范围 {rangeText}，持续 {durationMinutes} 分钟，峰值 {peakC} °C。',
    en: 'Logger {deviceId}: temperature outside {rangeText} from {from} to {to}, {durationMinutes} min, peak {peakC} °C.',
  },
  'finding.TEMP_OUT_OF_RANGE.excursion_open': {
    'zh-CN':
      '记录仪 {deviceId}：自 {from} 起温度超出规定范围 {rangeText}，至最后一条记录 {to} 仍未恢复（已 {durationMinutes} 分钟，峰值 {peakC} °C）。',
    en: 'Logger {deviceId}: temperature outside {rangeText} since {from}, still outside at the last reading {to} ({durationMinutes} min so far, peak {peakC} °C).',
  },
  'finding.TEMP_OUT_OF_RANGE.hard_limit': {
    'zh-CN': '记录仪 {deviceId}：{from} 至 {to} 温度超出绝对限值（{limitC} °C），峰值 {peakC} °C，不可容忍。',
    en: 'Logger {deviceId}: temperature beyond the hard limit ({limitC} °C) from {from} to {to}, peak {peakC} °C; never tolerated.',
  },
  'finding.TEMP_OUT_OF_RANGE.rule_single': {
    'zh-CN':
      '记录仪 {deviceId}：报警规则 {ruleId}（{op} {thresholdC} °C 连续 {ruleMinutes} 分钟）触发：{from} 至 {to} 共 {durationMinutes} 分钟，峰值 {peakC} °C。',
    en: 'Logger {deviceId}: alarm rule {ruleId} ({op} {thresholdC} °C for {ruleMinutes} min at once) triggered: {durationMinutes} min from {from} to {to}, peak {peakC} °C.',
  },
  'finding.TEMP_OUT_OF_RANGE.rule_cumulative': {
    'zh-CN':
      '记录仪 {deviceId}：报警规则 {ruleId}（{op} {thresholdC} °C 累计 {ruleMinutes} 分钟）于 {from} 触发，累计 {totalMinutes} 分钟。',
    en: 'Logger {deviceId}: alarm rule {ruleId} ({op} {thresholdC} °C for {ruleMinutes} min in total) triggered at {from}; {totalMinutes} min in total.',
  },
  'finding.TEMP_OUT_OF_RANGE.budget_cumulative': {
    'zh-CN':
      '记录仪 {deviceId}：累计超出规定范围 {rangeText} 共 {totalMinutes} 分钟，超过允许的 {budgetMinutes} 分钟（{from} 起超限）。',
    en: 'Logger {deviceId}: {totalMinutes} min outside {rangeText} in total, over the {budgetMinutes} min tolerated (exceeded at {from}).',
  },
  'finding.TRANSPORT_TIME_EXCEEDED': {
    'zh-CN':
      '运输时间 {transportMinutes} 分钟，超过最大允许运输时间 {maxTransportMinutes} 分钟（超出 {overMinutes} 分钟）。',
    en: 'Transport time {transportMinutes} min, over the maximum {maxTransportMinutes} min (by {overMinutes} min).',
  },
  'finding.CONTAINER_MISMATCH': {
    'zh-CN': '运输容器 {containerType} 不符合产品要求（允许：{allowed}）。',
    en: 'Container {containerType} is not one the product allows ({allowed}).',
  },
  'finding.DELAYED': {
    'zh-CN': '运输延误：预计到达 {from}，{to} 时已晚 {lateMinutes} 分钟（宽限 {graceMinutes} 分钟）。',
    en: 'Delayed: expected at {from}, {lateMinutes} min late at {to} (grace {graceMinutes} min).',
  },
  'finding.EXPOSURE': {
    'zh-CN': '记录仪 {deviceId}：运输途中发生暴露事件。',
    en: 'Logger {deviceId}: exposure in transit.',
  },
  'finding.EXPOSURE.open': {
    'zh-CN': '记录仪 {deviceId}：{event}，{from} 至 {to}，共 {durationMinutes} 分钟。',
    en: 'Logger {deviceId}: {event} from {from} to {to}, {durationMinutes} min.',
  },
  'finding.EXPOSURE.open_unclosed': {
    'zh-CN': '记录仪 {deviceId}：{event}，始于 {from}，至 {to} 无关闭记录。',
    en: 'Logger {deviceId}: {event} at {from}, no close recorded up to {to}.',
  },
  'finding.EXPOSURE.event': {
    'zh-CN': '记录仪 {deviceId}：{from} 至 {to} 记录到 {count} 次{event}事件。',
    en: 'Logger {deviceId}: {count} {event} event(s) between {from} and {to}.',
  },
  'finding.COOLANT_LOW': {
    'zh-CN': '记录仪 {deviceId}：{from} 至 {to} 冷媒液位低于最低要求 {coolantMinPct}%，最低 {minPct}%。',
    en: 'Logger {deviceId}: coolant level under the minimum {coolantMinPct} % from {from} to {to}, down to {minPct} %.',
  },
  'finding.SENSOR_FAULT': {
    'zh-CN': '记录仪 {deviceId}：传感器异常。',
    en: 'Logger {deviceId}: sensor fault.',
  },
  'finding.SENSOR_FAULT.impossible_value': {
    'zh-CN': '记录仪 {deviceId}：{from} 至 {to} 出现不可能的温度值 {peakC} °C，传感器故障。',
    en: 'Logger {deviceId}: impossible temperature {peakC} °C from {from} to {to}; the sensor is faulty.',
  },
  'finding.SENSOR_FAULT.stuck': {
    'zh-CN':
      '记录仪 {deviceId}：{from} 至 {to} 读数始终为 {peakC} °C（{durationMinutes} 分钟），传感器疑似卡死。',
    en: 'Logger {deviceId}: the same reading {peakC} °C from {from} to {to} ({durationMinutes} min); the sensor looks stuck.',
  },
  'finding.SENSOR_FAULT.clock_ahead': {
    'zh-CN':
      '记录仪 {deviceId}：{count} 条记录的时间晚于服务器接收时间，最多 {aheadMinutes} 分钟，设备时钟错误。',
    en: 'Logger {deviceId}: {count} reading(s) stamped up to {aheadMinutes} min after the server received them; the device clock is wrong.',
  },
  'finding.SENSOR_FAULT.future': {
    'zh-CN': '记录仪 {deviceId}：{count} 条记录的时间晚于当前时间 {to}，设备时钟错误。',
    en: 'Logger {deviceId}: {count} reading(s) stamped later than now ({to}); the device clock is wrong.',
  },
  'finding.SENSOR_FAULT.power_loss': {
    'zh-CN': '记录仪 {deviceId}：{from} 至 {to} 报告断电 {count} 次。',
    en: 'Logger {deviceId}: power loss reported {count} time(s) between {from} and {to}.',
  },
  'finding.CALIBRATION_EXPIRED': {
    'zh-CN': '记录仪 {deviceId}：{from} 至 {to} 期间校准无效（有效期 {validFromAt} 至 {validUntilAt}）。',
    en: 'Logger {deviceId}: not calibrated from {from} to {to} (calibration valid {validFromAt} to {validUntilAt}).',
  },
  'finding.CALIBRATION_EXPIRED.unknown_device': {
    'zh-CN': '记录仪 {deviceId} 未登记，无法确认其校准状态。',
    en: 'Logger {deviceId} is not registered; its calibration cannot be confirmed.',
  },
  'finding.PRODUCT_EXPIRED': {
    'zh-CN': '产品有效期 {from} 已过（核查时间 {to}）。',
    en: 'The product expired at {from} (checked at {to}).',
  },
  'finding.PRODUCT_EXPIRED.storage_limit': {
    'zh-CN': '储存物品 {itemId} 已超过储存时限（时限 {from}，核查时间 {to}）。',
    en: 'Stored item {itemId} is past its storage time limit ({from}; checked at {to}).',
  },
  'finding.RECEIPT_CHECK_FAILED': {
    'zh-CN': '接收核查未通过：{checkLabel}。',
    en: 'Receipt check failed: {checkLabel}.',
  },

  'finding.COOLANT_LOW.unverified': {
    'zh-CN': '液氮液位/干冰余量无证据：记录仪在到达前未报告液位，接收人也未记录液位正常；该项不能判为合格。',
    en: 'No evidence of the LN2 level / dry-ice reserve: no logger reported a level near arrival and the receiver did not record it as normal; this check cannot pass.',
  },
  'finding.RECEIPT_CHECK_FAILED.unverified': {
    'zh-CN': '接收检查未记录：{checkLabel}。未核实的必检项不能判为合格。',
    en: 'Receipt check not recorded: {checkLabel}. A required check nobody verified cannot pass.',
  },
  'finding.RECORD_CONFLICT': {
    'zh-CN':
      '记录仪 {deviceId}：{from} 至 {to} 有 {count} 个时间点记录了不同的数值（如 {valuesC} °C），按最不利值 {worstC} °C 判定。',
    en: 'Logger {deviceId}: {count} time(s) from {from} to {to} with different values recorded for the same time (e.g. {valuesC} °C); judged by the worst, {worstC} °C.',
  },
  'finding.event.lid_open': { 'zh-CN': '开盖', en: 'lid open' },
  'finding.event.door_open': { 'zh-CN': '开门', en: 'door open' },
  'finding.event.light': { 'zh-CN': '光照', en: 'light' },
  'finding.event.shock': { 'zh-CN': '冲击', en: 'shock' },
  'finding.event.tilt': { 'zh-CN': '倾斜', en: 'tilt' },

  'check.record_continuous': {
    'zh-CN': '温度记录连续、完整',
    en: 'Temperature record continuous and complete',
  },
  'check.temperature_in_range': { 'zh-CN': '温度在规定范围内', en: 'Temperatures within the required range' },
  'check.transport_time': {
    'zh-CN': '运输时间在允许范围内',
    en: 'Transport time within the maximum allowed',
  },
  'check.container': { 'zh-CN': '运输容器符合要求', en: 'Container as required' },
  'check.delay_exposure_anomaly': {
    'zh-CN': '无运输延误、暴露或其他异常',
    en: 'No delay, exposure or other anomaly in transit',
  },
  'check.coolant_level': {
    'zh-CN': '冻存制剂保持规定温度（干冰未挥发完、液氮液位正常）',
    en: 'Frozen product kept cold (dry ice left, LN2 level normal)',
  },
  'check.logger_calibration': { 'zh-CN': '温度记录仪在校准有效期内', en: 'Loggers calibrated' },
  'check.product_in_date': { 'zh-CN': '有效期或使用时限符合要求', en: 'Product within its expiry' },
  'check.receipt.labelOk': {
    'zh-CN': '标签信息完整、清晰、无涂改',
    en: 'Label complete, legible, unaltered',
  },
  'check.receipt.packagingOk': {
    'zh-CN': '包装完好，无破损、泄漏或污染',
    en: 'Packaging intact, no damage, leak or contamination',
  },
  'check.receipt.appearanceOk': { 'zh-CN': '制剂外观正常', en: 'Product appearance normal' },
  'check.receipt.documentsOk': { 'zh-CN': '随附文件齐全且与产品一致', en: 'Documents complete and matching' },
  'check.receipt.quantityOk': {
    'zh-CN': '产品名称、批号、数量与订单一致',
    en: 'Product name, batch and quantity match the order',
  },
  // a temperature range in words (range-text.ts): each bound with its unit, never "-90–-60"
  'range.between': { 'zh-CN': '{min} °C 至 {max} °C', en: '{min} °C to {max} °C' },
  'range.atMost': { 'zh-CN': '≤ {max} °C', en: '≤ {max} °C' },
  'range.atLeast': { 'zh-CN': '≥ {min} °C', en: '≥ {min} °C' },
  'range.any': { 'zh-CN': '不限', en: 'any' },
  'check.receipt.stateOk': {
    'zh-CN': '产品状态（新鲜/冻存）与预期一致',
    en: 'Product state (fresh/frozen) as expected',
  },
  'check.receipt.coolantOk': {
    'zh-CN': '液氮液位正常/干冰未挥发完（接收人观察）',
    en: 'LN2 level normal / dry ice left (seen by the receiver)',
  },
};
