import type { MessageTable } from './catalog.js';

/**
 * The rule book's plain statements (services/domain/rule-book.ts, docs/rules.md): one short
 * sentence per rule, printed beside each finding and check that applies it.
 */
export const ruleMessages: MessageTable = {
  'rule.line': { 'zh-CN': '规则 {id}：{statement}', en: 'Rule {id}: {statement}' },
  'rule.R1': {
    'zh-CN': '到达时仍超出范围的产品，不论报警延时或允许时长，都是偏差。',
    en: 'A product still out of range on arrival is a deviation, whatever the alarm delay or budget.',
  },
  'rule.R2': {
    'zh-CN': '没有证据不算通过：要求的核查（冷媒液位、产品状态）没有读数或接收人员的记录，就未通过。',
    en: 'No evidence is never a pass: a required check (coolant level, product state) with no reading or receiver record fails.',
  },
  'rule.R3': {
    'zh-CN': '短暂回到范围内不结束超出范围：须在范围内持续满报警延时才算结束。',
    en: 'A short return to range does not end an excursion: it ends only after staying in range for the alarm delay.',
  },
  'rule.R4': {
    'zh-CN': '容差设置不得互相矛盾：报警延时不得长于允许的超出范围时长。',
    en: 'Tolerance settings may not contradict each other: the alarm delay may not exceed the excursion budgets.',
  },
  'rule.R5': {
    'zh-CN': '同一记录仪同一时刻的不同数值都保留，按最差的数值判定。',
    en: 'Different values from one logger at the same time are all kept and judged by the worst one.',
  },
  'rule.R6': {
    'zh-CN': '统计值与结论来自同一组按时间保持的读数，平均温度和 MKT 按时间加权。',
    en: 'Statistics and findings come from the same held readings; mean and MKT are weighted by time.',
  },
  'rule.R7': {
    'zh-CN': '超出限值的数值显示时不会被舍入成等于限值。',
    en: 'A value outside a limit is never rounded to look equal to it.',
  },
  'rule.R8': {
    'zh-CN': '记录仪重启后序号重新开始不算缺失，按时间判断间隔；无效数值绝不算在范围内。',
    en: 'A logger restart that restarts its numbering is not a missing reading, gaps are judged by time; an invalid value is never in range.',
  },
  'rule.R9': {
    'zh-CN': '时间明显超前于服务器的读数不可信，被拒收，不能结束或掩盖任何问题。',
    en: 'A reading dated well ahead of the server clock cannot be true: it is refused and closes or hides nothing.',
  },
  'rule.R10': {
    'zh-CN': '同一记录仪同类问题在短时间内再次出现，仍是同一条告警。',
    en: 'The same problem on the same logger starting again shortly after continues the same alert.',
  },
  'rule.R11': {
    'zh-CN': '每个读数保持到下一个读数；范围含边界，超出范围的时段是偏差，除非产品要求允许。',
    en: 'Each reading holds until the next; limits are inclusive, and time out of range is a deviation unless the product requirements allow it.',
  },
  'rule.R12': {
    'zh-CN': '超过硬限值立即是偏差，任何延时或允许时长都不豁免。',
    en: 'Beyond a hard limit is a deviation at once; no delay or budget excuses it.',
  },
  'rule.R13': {
    'zh-CN': '允许的超出范围时长（单次、累计）用完后，再超出范围就是偏差。',
    en: 'Once the allowed time out of range (single or cumulative) is used up, more time out of range is a deviation.',
  },
  'rule.R14': {
    'zh-CN': '记录仪在整个期间没有数据，绝不算在范围内。',
    en: 'A logger that sent nothing for the window is never in range.',
  },
  'rule.R15': {
    'zh-CN': '相邻读数间隔超过最大间隔，或序号有缺失，温度记录就不连续。',
    en: 'Readings further apart than the maximum gap, or a missing sequence number, break the temperature record.',
  },
  'rule.R16': {
    'zh-CN': '温度记录应覆盖从发运到接收的全程。',
    en: 'The temperature record must cover the whole trip, from dispatch to receipt.',
  },
  'rule.R17': {
    'zh-CN': '从发运到接收的时间不得超过最长运输时间。',
    en: 'The time from dispatch to receipt may not exceed the maximum transport time.',
  },
  'rule.R18': {
    'zh-CN': '运输容器应是产品要求允许的类型。',
    en: 'The container must be a type the product requirements allow.',
  },
  'rule.R19': {
    'zh-CN': '晚于预计到达时间加允许宽限的到达是延误。',
    en: 'Arriving later than expected plus the allowed grace is a delay.',
  },
  'rule.R20': {
    'zh-CN': '运输中开盖、开门、见光、倾斜、撞击或断电都是暴露，须报告。',
    en: 'A lid or door opened, light, tilt, shock or power loss in transit is an exposure and is reported.',
  },
  'rule.R21': {
    'zh-CN': '液氮液位或干冰余量低于产品要求的最低值是偏差。',
    en: 'An LN2 level or dry-ice reserve under the required minimum is a deviation.',
  },
  'rule.R22': {
    'zh-CN': '不可能的数值、卡住不变的传感器或时钟明显不准都是传感器故障，不算在范围内。',
    en: 'An impossible value, a stuck sensor or a clock far from true is a sensor fault, never in range.',
  },
  'rule.R23': {
    'zh-CN': '每台记录仪在整个期间都应在校准有效期内。',
    en: 'Each logger must be within its calibration for the whole window.',
  },
  'rule.R24': {
    'zh-CN': '产品超过有效期、使用时限或储存时限，不得接收使用。',
    en: 'A product past its expiry, use-by time or storage time limit may not be used.',
  },
  'rule.R25': {
    'zh-CN': '接收人员现场核查的每一项（标签、包装、外观、文件、数量、状态）都须合格。',
    en: 'Each item the receiver checks at the door (label, packaging, appearance, documents, quantity, state) must be OK.',
  },
};
