import type { MessageTable } from './catalog.js';

/**
 * What a person reads for the codes that do not come out of the API: a device's message refused
 * on its `rejects` topic (and kept in the dead-letter file), start-up and configuration problems
 * an operator meets, and the simulator's own. Keys are `error.<CODE>` as for the API's codes
 * (errors.ts); test/error-catalogue.test.ts fails when a code in the code has no text here.
 */
export const operationMessages: MessageTable = {
  // a device's message, refused by the gateway (rejects topic, dead-letter file)
  'error.CT_TOPIC_UNKNOWN': {
    'zh-CN': '设备发布到了未知的主题；只接受 readings、events 和 status。',
    en: 'The device published to an unknown topic; only readings, events and status are taken.',
  },
  'error.CT_PAYLOAD_EMPTY': { 'zh-CN': '消息内容为空。', en: 'The message is empty.' },
  'error.CT_PAYLOAD_NOT_JSON': {
    'zh-CN': '消息不是有效的 JSON。',
    en: 'The message is not valid JSON.',
  },
  'error.CT_PAYLOAD_TOO_LARGE': {
    'zh-CN': '消息过大，请分成较小的批次发送。',
    en: 'The message is too large; send it in smaller batches.',
  },
  'error.CT_BATCH_TOO_LARGE': {
    'zh-CN': '一条消息中的读数或事件过多，请分批发送。',
    en: 'Too many readings or events in one message; send them in batches.',
  },
  'error.CT_READING_INVALID': {
    'zh-CN': '读数不符合约定（ts、seq、temp_c 缺失或无效；可选 ln2_level_pct、battery_pct、lat、lon）。',
    en: 'A reading does not fit the contract (ts, seq or temp_c missing or invalid; optional ln2_level_pct, battery_pct, lat, lon).',
  },
  'error.CT_EVENT_INVALID': {
    'zh-CN': '事件不符合约定（{ts, type, value?}：类型或时间缺失或无效）。',
    en: 'An event does not fit the contract ({ts, type, value?}: type or time missing or invalid).',
  },
  'error.CT_STATUS_INVALID': {
    'zh-CN': '状态消息只能是 online 或 offline。',
    en: 'A status message must be online or offline.',
  },
  'error.CT_SENML_INVALID': {
    'zh-CN': 'SenML 数据包无效（RFC 8428）：需含带时间的温度记录（单位 Cel）。',
    en: 'The SenML pack is not valid (RFC 8428): it must carry temperature records (unit Cel) with times.',
  },
  'error.CT_SENML_CBOR_INVALID': {
    'zh-CN': 'SenML CBOR 数据包无法解码（RFC 8428 第 6 节）。',
    en: 'The SenML CBOR pack cannot be decoded (RFC 8428 §6).',
  },
  'error.CT_SENML_UNIT': {
    'zh-CN': 'SenML 温度单位不被接受：请使用 Cel（摄氏度）。',
    en: 'The SenML temperature unit is not taken: use Cel (degrees Celsius).',
  },
  'error.CT_SENML_DEVICE_MISMATCH': {
    'zh-CN': 'SenML 基础名称指向另一台设备；设备只能发送自己的读数。',
    en: 'The SenML base name names another device; a device sends only its own readings.',
  },
  'error.CT_TS_IN_FUTURE': {
    'zh-CN': '读数时间超前服务器时钟超过 COLDTRACE_MAX_CLOCK_SKEW_S 允许的偏差：请检查设备时钟。',
    en: "The reading's time is ahead of the server clock by more than COLDTRACE_MAX_CLOCK_SKEW_S allows: check the device's clock.",
  },
  'error.CT_TS_TOO_OLD': {
    'zh-CN': '读数时间早于记录的保存期限（15 年），无法保存：请检查设备时钟。',
    en: "The reading's time is older than the record keeps (15 years), so it cannot be stored: check the device's clock.",
  },
  'error.CT_PUBLISH_FORBIDDEN': {
    'zh-CN': '设备“{id}”只能发布到自己的主题，不能发布到“{topic}”。',
    en: "Device '{id}' may publish to its own topics only, not to '{topic}'.",
  },
  'error.CT_INFLUX_REFUSED': {
    'zh-CN': 'InfluxDB 拒绝保存这条记录；已保存在死信文件中供复核。',
    en: 'InfluxDB refused to store this record; it is kept in the dead-letter file for review.',
  },
  // start-up, configuration and stores, for the operator
  'error.CT_CONFIG_INVALID': {
    'zh-CN': '配置无效：请按提示修改所列的环境变量。',
    en: 'The configuration is not valid: fix the environment variables named.',
  },
  'error.CT_HTTP_PORT_IN_USE': {
    'zh-CN': 'HTTP 端口 {host}:{port} 已被占用：请将 COLDTRACE_HTTP_PORT 设为空闲端口。',
    en: 'The HTTP port {host}:{port} is in use: set COLDTRACE_HTTP_PORT to a free port.',
  },
  'error.CT_MQTT_PORT_IN_USE': {
    'zh-CN': 'MQTT 端口 {host}:{port} 已被占用：请停止另一个代理或另选 COLDTRACE_MQTT_PORT。',
    en: 'The MQTT port {host}:{port} is in use: stop the other broker or choose another COLDTRACE_MQTT_PORT.',
  },
  'error.CT_RULES_NEEDS_BROKER': {
    'zh-CN': '单独运行规则进程需要 COLDTRACE_MQTT_URL（网关所消费的代理）。',
    en: 'The rules role on its own needs COLDTRACE_MQTT_URL (the broker the gateways consume).',
  },
  'error.CT_INFLUX_URL_INVALID': {
    'zh-CN': 'COLDTRACE_INFLUX_URL“{url}”应形如 http://主机:8086/<数据库>。',
    en: "COLDTRACE_INFLUX_URL '{url}' must look like http://host:8086/<database>.",
  },
  'error.CT_INFLUX_AUTH_AMBIGUOUS': {
    'zh-CN': '请只设置 COLDTRACE_INFLUX_TOKEN 或 COLDTRACE_INFLUX_URL 中的用户，不要同时设置。',
    en: 'Set either COLDTRACE_INFLUX_TOKEN or a user in COLDTRACE_INFLUX_URL, not both.',
  },
  'error.CT_INFLUX_WRITE_REJECTED': {
    'zh-CN': 'InfluxDB 拒绝了写入请求（HTTP {status}）：{detail}',
    en: 'InfluxDB refused the write (HTTP {status}): {detail}',
  },
  'error.CT_SPOOL_CORRUPT': {
    'zh-CN': '网关的接收缓存无法读取（{detail}）：请从备份恢复或联系管理员。',
    en: "The gateway's ingest spool cannot be read ({detail}): restore it from a backup or call the administrator.",
  },
  'error.CT_SPOOL_LOCKED': {
    'zh-CN': '网关的接收缓存 {dir} 正被进程 {pid} 使用：请为每个网关设置各自的 COLDTRACE_DATA_DIR。',
    en: "The gateway's ingest spool {dir} is in use by process {pid}: give each gateway its own COLDTRACE_DATA_DIR.",
  },
  'error.CT_SPOOL_FULL': {
    'zh-CN':
      '网关的接收缓存中尚未写入 InfluxDB 的数据超过 {bytes} 字节（InfluxDB 长时间不可达），暂时拒绝新数据。',
    en: "The gateway's ingest spool holds more than {bytes} bytes not yet in InfluxDB (unreachable for long); new data is refused for now.",
  },
  'error.CT_MAIL_INVALID': {
    'zh-CN': '邮件未加入发送队列：{detail}。',
    en: 'The mail was not queued: {detail}.',
  },
  'error.CT_MAIL_DELIVERY_FAILED': {
    'zh-CN': '邮件发送失败（{detail}），将稍后重试。',
    en: 'The mail could not be delivered ({detail}); it will be tried again.',
  },
  // the device simulator (coldtrace-sim)
  'error.CT_SIM_UNKNOWN_SCENARIO': {
    'zh-CN': '没有这个场景：请用 coldtrace-sim list 查看可用场景。',
    en: 'No such scenario: coldtrace-sim list shows them.',
  },
  'error.CT_SIM_USAGE': { 'zh-CN': '参数有误，请查看用法说明。', en: 'Wrong options; see the usage.' },
  'error.CT_SIM_API_ERROR': {
    'zh-CN': 'coldtrace API 拒绝了模拟器的请求。',
    en: "The coldtrace API refused the simulator's request.",
  },
  'error.CT_SIM_API_SHAPE': {
    'zh-CN': 'coldtrace API 的应答与预期不符。',
    en: 'The coldtrace API answered in an unexpected shape.',
  },
  'error.CT_SIM_NO_SECRET': {
    'zh-CN': '设备已登记，但应答中没有设备密钥。',
    en: 'The device was registered but the answer carried no secret.',
  },
  'error.CT_SIM_MQTT_CONNECT': {
    'zh-CN': '模拟设备无法连接 MQTT 代理。',
    en: 'A simulated device could not connect to the MQTT broker.',
  },
  'error.CT_SIM_MQTT_PUBLISH': {
    'zh-CN': '模拟设备发布失败。',
    en: 'A simulated device could not publish.',
  },
  'error.CT_SIM_RECORD_TIMEOUT': {
    'zh-CN': '等待记录保存超时。',
    en: 'Timed out waiting for the record to be stored.',
  },
  'error.CT_SIM_PROVISIONING': {
    'zh-CN': '模拟器无法准备演示数据。',
    en: 'The simulator could not set up its demo data.',
  },
};
