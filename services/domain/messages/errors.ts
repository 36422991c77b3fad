import type { MessageTable } from './catalog.js';

/**
 * What a person reads for each API error code (services/api/errors.ts, services/store/sql/errors.ts,
 * services/store/readings/errors.ts). Keys are `error.<CODE>`; the API sends the English text as
 * `message` and the text in the requested language as `localizedMessage`.
 */
export const errorMessages: MessageTable = {
  'error.CT_VALIDATION': {
    'zh-CN': '请求内容不符合要求（{detail}），请按 issues 中列出的字段修改后重试。',
    en: 'The request is not valid ({detail}); fix the fields listed in issues and try again.',
  },
  'error.CT_UNAUTHORIZED': {
    'zh-CN': '缺少或无效的 API 密钥：请在 Authorization 头中提供 "Bearer <API 密钥>"。',
    en: 'Missing or invalid API key: send "Authorization: Bearer <api key>".',
  },
  'error.CT_FORBIDDEN': {
    'zh-CN': '您的角色（{role}）无权执行此操作；需要以下角色之一：{roles}。',
    en: 'Your role ({role}) may not do this; it needs one of: {roles}.',
  },
  'error.CT_ROUTE_NOT_FOUND': {
    'zh-CN': '没有这个地址：{route}。',
    en: 'There is no such address: {route}.',
  },
  'error.CT_RATE_LIMITED': {
    'zh-CN': '请求过于频繁，请稍后再试。',
    en: 'Too many requests; try again shortly.',
  },
  'error.CT_AUTH_LOCKED': {
    'zh-CN': '此地址的 API 密钥验证失败次数过多，请在 {seconds} 秒后重试。',
    en: 'Too many failed API key attempts from this address; try again in {seconds} s.',
  },
  'error.CT_BODY_TOO_LARGE': {
    'zh-CN': '请求体过大。',
    en: 'The request body is too large.',
  },
  'error.CT_INTERNAL': {
    'zh-CN': '服务器内部错误，已记录（请求编号 {requestId}）。请稍后重试或联系管理员。',
    en: 'Internal error, logged as request {requestId}. Try again later or contact the administrator.',
  },
  'error.CT_DISPATCH_IN_FUTURE': {
    'zh-CN': '发运时间不能晚于当前时间。',
    en: 'The dispatch time may not be in the future.',
  },
  'error.CT_RECEIPT_TIME_INVALID': {
    'zh-CN': '接收时间必须在发运时间之后，且不能晚于当前时间。',
    en: 'The receipt time must be after the dispatch and not in the future.',
  },
  'error.CT_SECOND_VERIFIER_SAME': {
    'zh-CN': '第二核对人（verifierName）必须是接收人以外的另一人（10.6 双人复核）。',
    en: 'The second verifier (verifierName) must be someone other than the receiver (10.6 two-person check).',
  },
  'error.CT_READINGS_UNAVAILABLE': {
    'zh-CN': '温度记录库（InfluxDB）暂时无法访问，无法给出结论，请稍后重试。',
    en: 'The temperature record (InfluxDB) cannot be reached, so no verdict can be given; try again shortly.',
  },
  'error.CT_PAGE_LOCALE_UNKNOWN': {
    'zh-CN': '没有语言“{locale}”的文本：请使用 zh-CN 或 en。',
    en: "No texts for the language '{locale}': use zh-CN or en.",
  },
  'error.CT_TIME_OUT_OF_RANGE': {
    'zh-CN': '时间 {field} 超出可记录或可信的范围：应在 {min} 与 {max} 之间（UTC），请更正后重试。',
    en: 'The time {field} is outside what can be recorded or be true: it must lie between {min} and {max} (UTC); correct it and try again.',
  },
  'error.CT_RANGE_INVALID': {
    'zh-CN': '时间范围无效：from 必须早于 to，且范围不超过 {maxDays} 天。',
    en: 'Invalid time range: from must be before to and the range at most {maxDays} days.',
  },
  'error.CT_WARNING_BAND_INVALID': {
    'zh-CN':
      '预警区间无效（{detail}）：warnMinC 和 warnMaxC 必须位于温度范围之内，且 warnMinC 不高于 warnMaxC。',
    en: 'Invalid warning band ({detail}): warnMinC and warnMaxC must lie inside the temperature range, with warnMinC not above warnMaxC.',
  },
  'error.CT_PROFILE_NOT_FOUND': {
    'zh-CN': '找不到产品温控要求（profile）“{id}”。',
    en: "Profile '{id}' not found.",
  },
  'error.CT_UNKNOWN_PROFILE': {
    'zh-CN': '请先登记产品温控要求（profile）“{id}”。',
    en: "Register profile '{id}' first.",
  },
  'error.CT_DEVICE_NOT_FOUND': { 'zh-CN': '找不到设备“{id}”。', en: "Device '{id}' not found." },
  'error.CT_BROKER_AUTH_UNAVAILABLE': {
    'zh-CN': 'MQTT 代理未能更新设备登录凭据（{detail}），未做任何更改，请稍后重试。',
    en: 'The MQTT broker did not take the device credentials ({detail}); nothing was changed, try again shortly.',
  },
  'error.CT_DEVICE_REVOKED': {
    'zh-CN': '设备“{id}”已吊销，请以新的设备编号登记。',
    en: "Device '{id}' is revoked; register a new device id instead.",
  },
  'error.CT_DEVICE_EXISTS': { 'zh-CN': '设备“{id}”已登记。', en: "Device '{id}' is already registered." },
  'error.CT_DEVICE_BUSY': {
    'zh-CN': '设备“{id}”仍在随运单“{shipmentId}”运输中。',
    en: "Device '{id}' is still travelling with shipment '{shipmentId}'.",
  },
  'error.CT_UNKNOWN_DEVICES': {
    'zh-CN': '请先登记以下设备：{id}。',
    en: 'Register these devices first: {id}.',
  },
  'error.CT_SHIPMENT_NOT_FOUND': { 'zh-CN': '找不到运单“{id}”。', en: "Shipment '{id}' not found." },
  'error.CT_SHIPMENT_EXISTS': { 'zh-CN': '运单“{id}”已存在。', en: "Shipment '{id}' already exists." },
  'error.CT_ALREADY_DISPATCHED': {
    'zh-CN': '运单“{id}”已发运。',
    en: "Shipment '{id}' was already dispatched.",
  },
  'error.CT_NOT_DISPATCHED': {
    'zh-CN': '运单“{id}”尚未发运，不能接收。',
    en: "Shipment '{id}' has not been dispatched yet.",
  },
  'error.CT_RECEIPT_EXISTS': {
    'zh-CN': '运单“{id}”已有接收记录，不能重复接收。',
    en: "Shipment '{id}' already has a receipt.",
  },
  'error.CT_RECEIPT_NOT_FOUND': {
    'zh-CN': '运单“{id}”尚无接收记录。',
    en: "Shipment '{id}' has no receipt yet.",
  },
  'error.CT_STORAGE_UNIT_NOT_FOUND': {
    'zh-CN': '找不到储存单元“{id}”。',
    en: "Storage unit '{id}' not found.",
  },
  'error.CT_STORAGE_UNIT_EXISTS': {
    'zh-CN': '储存单元“{id}”已存在。',
    en: "Storage unit '{id}' already exists.",
  },
  'error.CT_ITEM_NOT_FOUND': {
    'zh-CN': '该储存单元中没有物品“{id}”。',
    en: "Item '{id}' is not in this unit.",
  },
  'error.CT_ITEM_EXISTS': { 'zh-CN': '物品“{id}”已存在。', en: "Item '{id}' already exists." },
  'error.CT_RECORDS_IN_USE': {
    'zh-CN':
      '{dir} 中的内置记录库正被 coldtrace 进程 {pid} 使用（PGlite 只能由一个进程打开）：请先停止该进程、改用 HTTP API，或设置 COLDTRACE_DATABASE_URL。',
    en: 'The embedded records store in {dir} is open in coldtrace process {pid} (PGlite serves one process): stop it, use the HTTP API, or set COLDTRACE_DATABASE_URL.',
  },
  'error.CT_API_KEY_NOT_FOUND': { 'zh-CN': '找不到 API 密钥“{id}”。', en: "API key '{id}' not found." },
  'error.CT_ALERT_NOT_FOUND': { 'zh-CN': '找不到告警“{id}”。', en: "Alert '{id}' not found." },
  'error.CT_ALERT_CLOSED': {
    'zh-CN': '告警“{id}”已关闭，只有未关闭的告警可以确认。',
    en: "Alert '{id}' is closed; only an open alert can be acknowledged.",
  },
  'error.CT_ALERT_ALREADY_ACKNOWLEDGED': {
    'zh-CN': '告警“{id}”已被确认。',
    en: "Alert '{id}' is already acknowledged.",
  },
  'error.CT_ALERT_ACK_REASON_REQUIRED': {
    'zh-CN': '确认告警需要填写原因。',
    en: 'An acknowledgement needs a reason.',
  },
  'error.CT_INFLUX_UNAVAILABLE': {
    'zh-CN': '温度记录库（InfluxDB）暂时无法访问：{detail}',
    en: 'The temperature record (InfluxDB) cannot be reached: {detail}',
  },
};
