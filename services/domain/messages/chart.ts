import type { MessageTable } from './catalog.js';

/**
 * The temperature chart's words, the same on the handover page and in the printable report
 * (issue #17): limit lines, the peak of an excursion, the summary row, durations as people say them.
 */
export const chartMessages: MessageTable = {
  'page.duration.hm': { 'zh-CN': '{h} 小时 {m} 分钟', en: '{h} h {m} min' },
  'page.duration.h': { 'zh-CN': '{h} 小时', en: '{h} h' },
  'page.duration.m': { 'zh-CN': '{m} 分钟', en: '{m} min' },
  'chart.limit.max': { 'zh-CN': '上限 {c} °C', en: 'upper limit {c} °C' },
  'chart.limit.min': { 'zh-CN': '下限 {c} °C', en: 'lower limit {c} °C' },
  'page.chart.time': { 'zh-CN': '时间（站点时区）', en: 'Time (site zone)' },
  'chart.peak': { 'zh-CN': '峰值 {c} °C', en: 'peak {c} °C' },
  // what the report's chart says to a screen reader (the drawing itself says nothing)
  'chart.description': {
    'zh-CN': '温度记录图：{n} 条读数，最低 {min} °C，最高 {max} °C，超温时段 {excursions} 个。',
    en: 'Temperature chart: {n} readings, lowest {min} °C, highest {max} °C, {excursions} excursion(s).',
  },
  'chart.summary.title': { 'zh-CN': '温度统计', en: 'Temperature summary' },
  'chart.summary.logger': { 'zh-CN': '记录仪', en: 'Logger' },
  'chart.summary.min': { 'zh-CN': '最低', en: 'Min' },
  'chart.summary.max': { 'zh-CN': '最高', en: 'Max' },
  'chart.summary.mean': { 'zh-CN': '平均', en: 'Mean' },
  'chart.summary.mkt': { 'zh-CN': '平均动力学温度（MKT）', en: 'MKT' },
  'chart.summary.outOfRange': { 'zh-CN': '超出范围时间', en: 'Time out of range' },
  'chart.summary.mktNotApplicable': {
    'zh-CN': 'MKT 仅适用于冷藏和室温运输，仅供参考。',
    en: 'MKT applies to refrigerated and room-temperature legs only, for information.',
  },
};
