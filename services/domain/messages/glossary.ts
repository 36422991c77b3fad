import type { MessageTable } from './catalog.js';

/**
 * One vocabulary (issue #17): each concept has one word in zh-CN and one in en, used by the pages,
 * the report, the mails and the API's localized messages. `avoid` lists the other words people
 * wrote for the same thing; test/glossary.test.ts fails when one of them appears anywhere in the
 * catalogue. Decided once:
 * - 偏差 (not 偏离) for the verdict "deviation"; an episode out of range is 超出范围.
 * - 运单 (not 货物 or 运输单) for a shipment.
 * - 储存单元 (not 储存设备) for a storage unit: 设备 alone is a device (a sensor or logger).
 */
export interface GlossaryTerm {
  id: string;
  'zh-CN': string;
  en: string;
  avoid: { 'zh-CN': string[]; en: string[] };
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  { id: 'deviation', 'zh-CN': '偏差', en: 'deviation', avoid: { 'zh-CN': ['偏离'], en: [] } },
  {
    id: 'shipment',
    'zh-CN': '运单',
    en: 'shipment',
    avoid: { 'zh-CN': ['货物', '运输单'], en: ['consignment'] },
  },
  {
    id: 'storageUnit',
    'zh-CN': '储存单元',
    en: 'storage unit',
    avoid: { 'zh-CN': ['储存设备', '存储单元'], en: ['storage device'] },
  },
  { id: 'storage', 'zh-CN': '储存', en: 'storage', avoid: { 'zh-CN': ['贮存', '存储'], en: [] } },
  { id: 'outOfRange', 'zh-CN': '超出范围', en: 'out of range', avoid: { 'zh-CN': ['超标'], en: [] } },
  { id: 'alert', 'zh-CN': '告警', en: 'alert', avoid: { 'zh-CN': ['警报'], en: [] } },
  { id: 'alarm', 'zh-CN': '报警', en: 'alarm', avoid: { 'zh-CN': [], en: [] } },
  { id: 'preAlarm', 'zh-CN': '预警', en: 'pre-alarm', avoid: { 'zh-CN': [], en: [] } },
  { id: 'logger', 'zh-CN': '记录仪', en: 'logger', avoid: { 'zh-CN': ['记录器', '温度计'], en: [] } },
  { id: 'quarantine', 'zh-CN': '隔离', en: 'quarantine', avoid: { 'zh-CN': ['封存'], en: [] } },
  {
    id: 'manufacturer',
    'zh-CN': '制备厂商',
    en: 'manufacturer',
    avoid: { 'zh-CN': ['生产商', '厂家', '制造商'], en: ['producer'] },
  },
  { id: 'receipt', 'zh-CN': '接收', en: 'receipt', avoid: { 'zh-CN': ['签收'], en: [] } },
  { id: 'acknowledge', 'zh-CN': '确认', en: 'acknowledge', avoid: { 'zh-CN': [], en: [] } },
];

export const glossaryMessages: MessageTable = Object.fromEntries(
  GLOSSARY.map((g) => [`glossary.${g.id}`, { 'zh-CN': g['zh-CN'], en: g.en }]),
);
