import type { MessageTable } from './catalog.js';

/** What a person reads when a logger file is refused ({id}: where and what, from the English message). */
export const loggerFileMessages: MessageTable = {
  'error.CT_LOGGER_FILE_EMPTY': {
    'zh-CN': '记录仪文件中没有读数（{id}），未保存任何数据。',
    en: 'The logger file holds no readings ({id}); nothing was stored.',
  },
  'error.CT_LOGGER_FILE_COLUMNS': {
    'zh-CN': '无法识别记录仪文件的列（{id}），未保存任何数据。',
    en: "The logger file's columns are not understood ({id}); nothing was stored.",
  },
  'error.CT_LOGGER_FILE_AMBIGUOUS': {
    'zh-CN': '记录仪文件有歧义，请在上传时说明（{id}），未保存任何数据。',
    en: 'The logger file is ambiguous; state it with the upload ({id}). Nothing was stored.',
  },
  'error.CT_LOGGER_FILE_TIME': {
    'zh-CN': '记录仪文件中有无法识别的时间（{id}），未保存任何数据。',
    en: 'The logger file has a time that cannot be read ({id}); nothing was stored.',
  },
  'error.CT_LOGGER_FILE_VALUE': {
    'zh-CN': '记录仪文件中有超出范围或无法识别的数值（{id}），未保存任何数据。',
    en: 'The logger file has a value that cannot be read or is out of bounds ({id}); nothing was stored.',
  },
  'error.CT_LOGGER_FILE_DUPLICATE': {
    'zh-CN': '记录仪文件中同一时间出现了两次（{id}），未保存任何数据。',
    en: 'The logger file has the same time twice ({id}); nothing was stored.',
  },
  'error.CT_LOGGER_FILE_DEVICE': {
    'zh-CN': '记录仪文件不属于本运单的记录仪（{id}），未保存任何数据。',
    en: "The logger file is not from one of this shipment's loggers ({id}); nothing was stored.",
  },
  'error.CT_LOGGER_FILE_EXISTS': {
    'zh-CN': '该文件已为本运单上传过（{id}）。',
    en: 'This file was already uploaded for the shipment ({id}).',
  },
  'error.CT_LOGGER_FILE_AFTER_RECEIPT': {
    'zh-CN':
      '运单“{id}”已接收，结论已为最终结论：请在记录接收之前上传记录仪文件；接收后发现的记录请转入偏差处理。未保存任何数据。',
    en: "Shipment '{id}' is received and its verdict final: upload the logger's file before recording the receipt; a record found afterwards goes to the deviation case. Nothing was stored.",
  },
  'error.CT_LOGGER_FILE_NOT_FOUND': {
    'zh-CN': '找不到记录仪文件“{id}”。',
    en: "Logger file '{id}' not found.",
  },
  'page.loggerFile.title': { 'zh-CN': '上传记录仪文件', en: "Upload the logger's file" },
  'page.loggerFile.hint': {
    'zh-CN': '记录仪在到货时读出的文件（CSV 或 JSON）。时间没有时区时，请选择文件使用的时区。',
    en: 'The file read from the logger on arrival (CSV or JSON). Choose the zone its times are in when they carry none.',
  },
  'page.loggerFile.logger': { 'zh-CN': '记录仪', en: 'Logger' },
  'page.loggerFile.file': { 'zh-CN': '文件', en: 'File' },
  'page.loggerFile.zone': { 'zh-CN': '文件时间的时区', en: "Zone of the file's times" },
  'page.loggerFile.zoneAuto': { 'zh-CN': '自动识别', en: 'Detect' },
  'page.loggerFile.upload': { 'zh-CN': '上传并加入温度记录', en: 'Upload and add to the record' },
  'page.loggerFile.done': {
    'zh-CN': '已保存 {count} 条读数（{device}），文件 SHA-256：{sha}',
    en: 'Kept {count} readings ({device}); file SHA-256: {sha}',
  },
};
