import { type MessageTable, registerMessages } from './catalog.js';

/** Texts of the product's journey after the door (issue 16): errors, steps, the ward and timeline pages, alert mails. */
export const journeyMessages: MessageTable = {
  'error.CT_PRODUCT_NOT_FOUND': { 'zh-CN': '未找到产品“{id}”。', en: "Product '{id}' not found." },
  'error.CT_STEP_NOT_ALLOWED': {
    'zh-CN': '产品当前状态下不允许此步骤（{id}）。',
    en: "This step ('{id}') is not allowed in the product's present state.",
  },
  'error.CT_STEP_OUT_OF_ORDER': {
    'zh-CN': '步骤时间早于该产品的上一步骤，请核对时间。',
    en: "The step's time is before the product's previous step; check the time.",
  },
  'error.CT_MOVE_OTHER_SITE': {
    'zh-CN': '储存单元“{id}”不在该产品所在地点：跨地点请以“转运”取出。',
    en: "Unit '{id}' is at another site: take the product out for transfer instead.",
  },
  'error.CT_MOVE_SAME_UNIT': {
    'zh-CN': '产品已在储存单元“{id}”中。',
    en: "The product is already in unit '{id}'.",
  },
  'error.CT_SHIPMENT_NOT_RECEIVED': {
    'zh-CN': '运单“{id}”尚未接收：请先记录接收，再入库。',
    en: "Shipment '{id}' has no receipt yet: record the receipt before storing its product.",
  },
  'error.CT_SHIPMENT_UNIT_UNKNOWN': {
    'zh-CN': '“{id}”不是该运单标签上的单元标识。',
    en: "'{id}' is not a unit the shipment's label names.",
  },
  'error.CT_STORAGE_LIMIT_REQUIRED': {
    'zh-CN': '需要储存时限 storageLimitDays：请求未提供，质量要求档案中也没有（7.7）。',
    en: 'storageLimitDays is needed: the request does not give it and the profile states none (7.7).',
  },
  'error.CT_NOT_A_THAW_DEVICE': {
    'zh-CN': '设备“{id}”不是已登记的复苏设备（thaw_device）。',
    en: "Device '{id}' is not a registered thaw_device.",
  },
  'error.CT_PRODUCT_IDENTIFIER_MISMATCH': {
    'zh-CN': '床旁扫描的标识“{id}”与该产品及其单元不符（8.2.6、10.7），请勿输注。',
    en: "The identifier scanned at the bedside '{id}' is not this product or one of its units (8.2.6, 10.7): do not infuse.",
  },
  'error.CT_PATIENT_CODE_REFUSED': {
    'zh-CN': '患者端编码只能是医院系统的编码（字母、数字及 . _ : -，至少含一位数字），不得为姓名（7.6）。',
    en: "The patient-side code must be the hospital system's opaque code (letters, digits . _ : -, at least one digit), never a name (7.6).",
  },
  'error.CT_INFUSION_REFUSED': {
    'zh-CN': '不应使用（7.8 超时处理）：{id}。拒绝已记入产品时间线。',
    en: 'Do not use (7.8 overtime handling): {id}. The refusal is on the product timeline.',
  },

  'journey.step.stored': { 'zh-CN': '入库', en: 'Stored' },
  'journey.step.moved': { 'zh-CN': '移库', en: 'Moved' },
  'journey.step.removed': { 'zh-CN': '出库', en: 'Taken out' },
  'journey.step.thaw_started': { 'zh-CN': '开始复苏', en: 'Thaw started' },
  'journey.step.thaw_finished': { 'zh-CN': '复苏完成', en: 'Thaw finished' },
  'journey.step.diluted': { 'zh-CN': '稀释 / 混合', en: 'Diluted / mixed' },
  'journey.step.infused': { 'zh-CN': '输注', en: 'Infused' },
  'journey.step.infusion_refused': { 'zh-CN': '输注被拒绝', en: 'Infusion refused' },
  'journey.step.discarded': { 'zh-CN': '报废', en: 'Discarded' },
  'journey.step.dispatch': { 'zh-CN': '发运', en: 'Dispatched' },
  'journey.step.transit': { 'zh-CN': '运输记录与判定', en: 'Transit record and verdict' },
  'journey.step.receipt': { 'zh-CN': '接收', en: 'Received' },
  'journey.step.storage': { 'zh-CN': '储存期间', en: 'In storage' },

  'journey.state.stored': { 'zh-CN': '储存中', en: 'in storage' },
  'journey.state.out': { 'zh-CN': '已出库待用', en: 'out for use' },
  'journey.state.thawing': { 'zh-CN': '复苏中', en: 'thawing' },
  'journey.state.thawed': { 'zh-CN': '已复苏', en: 'thawed' },
  'journey.state.diluted': { 'zh-CN': '已稀释', en: 'diluted' },
  'journey.state.infused': { 'zh-CN': '已输注', en: 'infused' },
  'journey.state.discarded': { 'zh-CN': '已报废', en: 'discarded' },
  'journey.state.transferred': { 'zh-CN': '已转出', en: 'transferred' },

  'journey.purpose.use': { 'zh-CN': '使用', en: 'for use' },
  'journey.purpose.transfer': { 'zh-CN': '转运', en: 'for transfer' },
  'journey.purpose.discard': { 'zh-CN': '报废', en: 'to discard' },

  'journey.limit.post_thaw': { 'zh-CN': '复苏后可使用时间', en: 'use time after thawing' },
  'journey.limit.preparation': { 'zh-CN': '输注前准备时间', en: 'preparation time before infusion' },
  'journey.limit.post_dilution': {
    'zh-CN': '稀释或混合后的使用时限',
    en: 'use time after dilution or mixing',
  },

  'journey.clock.not_started': { 'zh-CN': '计时未开始', en: 'clock not started' },
  'journey.clock.ok': { 'zh-CN': '在时限内', en: 'in time' },
  'journey.clock.warning': { 'zh-CN': '即将到时（已过 80 %）', en: 'nearly due (80 % gone)' },
  'journey.clock.over': { 'zh-CN': '已超时：不应使用', en: 'over time: do not use' },
  'journey.clock.left': { 'zh-CN': '剩余 {t}（{limit}，截止 {at}）', en: '{t} left ({limit}, until {at})' },
  'journey.clock.overBy': {
    'zh-CN': '已超时 {t}（{limit}，截止 {at}）',
    en: 'over by {t} ({limit}, was due {at})',
  },

  'journey.thaw.ok': {
    'zh-CN': '复苏温度在范围内且连续（8.2.4）',
    en: 'thaw in range and continuous (8.2.4)',
  },
  'journey.thaw.fail': { 'zh-CN': '复苏不符合要求（8.2.4）', en: 'thaw not as required (8.2.4)' },
  'journey.thaw.unverified': {
    'zh-CN': '复苏未经设备记录核实',
    en: 'thaw not verified by a device record',
  },
  'journey.thaw.THAW_OUT_OF_RANGE': { 'zh-CN': '复苏温度超出范围', en: 'thaw temperature out of range' },
  'journey.thaw.THAW_INTERRUPTED': { 'zh-CN': '复苏记录中断', en: 'thaw record interrupted' },
  'journey.thaw.THAW_NO_DATA': { 'zh-CN': '无复苏设备读数', en: 'no thaw device readings' },
  'journey.thaw.THAW_TOO_LONG': { 'zh-CN': '复苏时间过长', en: 'thaw took too long' },
  'journey.problem.use_time_exceeded': { 'zh-CN': '使用时限已过', en: 'the time limit of use has passed' },
  'journey.problem.thaw_failed': { 'zh-CN': '复苏不符合要求', en: 'the thaw was not as required' },
  'journey.deviation': { 'zh-CN': '偏差', en: 'deviation' },

  'page.nav.ward': { 'zh-CN': '病区', en: 'Ward' },
  'page.ward.title': { 'zh-CN': '病区：复苏与输注', en: 'Ward: thaw and infusion' },
  'page.ward.empty': { 'zh-CN': '没有出库待用的产品。', en: 'No product is out for use.' },
  'page.ward.product': { 'zh-CN': '产品', en: 'Product' },
  'page.ward.batch': { 'zh-CN': '批号', en: 'Batch' },
  'page.ward.state': { 'zh-CN': '状态', en: 'State' },
  'page.ward.clock': { 'zh-CN': '倒计时', en: 'Countdown' },
  'page.ward.actions': { 'zh-CN': '操作', en: 'Actions' },
  'page.ward.thawStarted': { 'zh-CN': '开始复苏', en: 'Thaw started' },
  'page.ward.thawFinished': { 'zh-CN': '复苏完成', en: 'Thaw finished' },
  'page.ward.diluted': { 'zh-CN': '已稀释', en: 'Diluted' },
  'page.ward.infused': { 'zh-CN': '已输注', en: 'Infused' },
  'page.ward.thawDevice': { 'zh-CN': '复苏设备（可选）', en: 'Thaw device (optional)' },
  'page.ward.scan': { 'zh-CN': '床旁扫描的产品标识', en: 'Product identifier scanned at the bedside' },
  'page.ward.patientCode': {
    'zh-CN': '患者端编码（医院系统编码，非姓名，可选）',
    en: "Patient-side code (the hospital system's code, never a name; optional)",
  },
  'page.ward.login': { 'zh-CN': '签名：登录名', en: 'Signature: login name' },
  'page.ward.password': { 'zh-CN': '签名：密码', en: 'Signature: password' },
  'page.ward.done': { 'zh-CN': '已记录：{step}', en: 'Recorded: {step}' },
  'page.ward.timeline': { 'zh-CN': '时间线', en: 'Timeline' },
  'page.ward.open': { 'zh-CN': '打开', en: 'Open' },
  'page.ward.productId': { 'zh-CN': '产品编号', en: 'Product id' },

  'page.timeline.title': { 'zh-CN': '产品时间线', en: 'Product timeline' },
  'page.timeline.print': { 'zh-CN': '打印报告', en: 'Printable report' },
  'page.timeline.when': { 'zh-CN': '时间', en: 'Time' },
  'page.timeline.step': { 'zh-CN': '步骤', en: 'Step' },
  'page.timeline.detail': { 'zh-CN': '详情', en: 'Detail' },
  'page.timeline.by': { 'zh-CN': '执行人 / 签名', en: 'By / signature' },
  'page.timeline.noSignature': { 'zh-CN': '无电子签名（{name}）', en: 'no electronic signature ({name})' },
  'page.timeline.unit': { 'zh-CN': '储存单元 {unit}', en: 'unit {unit}' },
  'page.timeline.temps': {
    'zh-CN': '温度 {min} 至 {max} °C，{n} 条读数',
    en: '{min} to {max} °C, {n} readings',
  },
  'page.timeline.noTemps': { 'zh-CN': '该期间无读数', en: 'no readings in this period' },
  'page.timeline.alarms': { 'zh-CN': '告警：{list}', en: 'alarms: {list}' },
  'page.timeline.noAlarms': { 'zh-CN': '无告警', en: 'no alarms' },
  'page.timeline.verdict': { 'zh-CN': '判定：{status}', en: 'verdict: {status}' },
  'page.timeline.identifier': { 'zh-CN': '输注时扫描标识 {id}', en: 'identifier at infusion {id}' },
  'page.timeline.patientCode': { 'zh-CN': '患者端编码 {code}', en: 'patient-side code {code}' },
  'page.timeline.collection': { 'zh-CN': '采集标识', en: 'Collection id' },
  'page.timeline.units': { 'zh-CN': '单元标识', en: 'Unit ids' },
  'page.timeline.shipment': { 'zh-CN': '运单', en: 'Shipment' },
  'page.timeline.cellType': { 'zh-CN': '细胞类型', en: 'Cell type' },
  'page.timeline.storageLimit': {
    'zh-CN': '储存时限至 {at}（自首次入库起）',
    en: 'storage limit {at} (from first storage)',
  },
  'page.timeline.zone': { 'zh-CN': '时间均为 {zone}', en: 'All times in {zone}' },
  'page.timeline.kept': {
    'zh-CN': '本记录保存至少 15 年（10.4），不含患者身份信息（7.6）。',
    en: 'This record is kept at least 15 years (10.4) and holds no patient identity (7.6).',
  },

  'mail.alert.USE_TIME_WARNING.started': {
    'zh-CN': '产品 {itemId}（{product}）的使用时限（7.8）已过去 80 %：须于 {limitAt} 前输注。',
    en: 'Product {itemId} ({product}) has used 80 % of its time limit of use (7.8): infuse before {limitAt}.',
  },
  'mail.alert.USE_TIME_EXCEEDED.started': {
    'zh-CN': '产品 {itemId}（{product}）的使用时限已于 {limitAt} 到期：按 7.8 超时处理，不应使用。',
    en: 'Product {itemId} ({product}) passed its time limit of use at {limitAt}: 7.8 overtime handling, do not use.',
  },
};

registerMessages(journeyMessages);
