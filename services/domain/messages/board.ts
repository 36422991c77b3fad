import type { MessageTable } from './catalog.js';

/**
 * Words of the fleet board and of alert groups (issue #17): tile states, counts, groups. The state
 * words stand beside the colour and a shape, so no state rests on colour alone.
 */
export const boardMessages: MessageTable = {
  'page.fleet.counts': { 'zh-CN': '总览', en: 'Overview' },
  'page.fleet.state.alarm': { 'zh-CN': '报警', en: 'Alarm' },
  'page.fleet.state.warning': { 'zh-CN': '预警', en: 'Warning' },
  'page.fleet.state.nodata': { 'zh-CN': '无数据', en: 'No data' },
  'page.fleet.state.ok': { 'zh-CN': '正常', en: 'OK' },
  'page.fleet.silentFor': { 'zh-CN': '{n} 分钟无数据', en: 'no data for {n} min' },
  'page.fleet.never': { 'zh-CN': '从未上报', en: 'never reported' },
  'page.fleet.onlyAttention': { 'zh-CN': '只看需要处理的', en: 'Only those needing attention' },
  'page.fleet.tiles': { 'zh-CN': '{n} 个', en: '{n} tiles' },
  'page.fleet.tileShipment': {
    'zh-CN': '运单 {id}：{state}',
    en: 'Shipment {id}: {state}',
  },
  'page.fleet.tileUnit': { 'zh-CN': '储存单元 {id}：{state}', en: 'Storage unit {id}: {state}' },
  'page.fleet.openAlerts': { 'zh-CN': '{n} 条未处理告警', en: '{n} open alerts' },
  'page.alertGroup.title': {
    'zh-CN': '{subject} · {n} 条告警',
    en: '{subject} · {n} alerts',
  },
  'page.alertGroup.one': { 'zh-CN': '{subject} · 1 条告警', en: '{subject} · 1 alert' },
  'page.alertGroup.worst': { 'zh-CN': '最高严重程度：{severity}', en: 'most severe: {severity}' },
  /** alert kinds that are not a finding of the verdict: named in their own words */
  'page.alertKind.TEMP_WARNING': {
    'zh-CN': '温度预警：仍在范围内，但已超出预警区间',
    en: 'Temperature pre-alarm: still in range, outside the warning band',
  },
  'page.alertKind.TRANSPORT_TIME_WARNING': {
    'zh-CN': '运输时间预警：已达最大运输时间的 80%',
    en: 'Transport time pre-alarm: 80 % of the maximum reached',
  },
};
