import { z } from 'zod';
import { LoggerFileErrors } from './errors.js';
import { isTimeZone, localToUtcMs } from './local-time.js';

/** One reading read from a logger file (no device yet: the route attributes the file). */
export interface FileReading {
  tsMs: number;
  tempC: number;
  seq?: number;
  ln2LevelPct?: number;
}

export interface ParsedLoggerFile {
  format: 'csv' | 'json';
  readings: FileReading[];
  /** device ids the file itself names (a device column, a JSON deviceId), with the first line of each */
  devicesNamed: { deviceId: string; where: string }[];
  /** how the columns were taken (CSV) */
  columns?: { time: string; temp: string; seq?: string; level?: string; device?: string };
  /** 'offset' when every time carried its own offset, else the zone the times were read in */
  timeZone: string;
}

export interface ParseOptions {
  /** zone of times written without an offset; else detected from the header (UTC, an IANA name) */
  timeZone?: string;
  /** header names of the columns, when detection is not wanted or ambiguous */
  timeColumn?: string;
  tempColumn?: string;
}

const TS_MIN_MS = Date.UTC(2000, 0, 1);
const TS_MAX_MS = Date.UTC(2100, 0, 1);

/** A logger's CSV or JSON export as readings; throws a LoggerFileErrors naming line and column. */
export function parseLoggerFile(bytes: Buffer, mediaType: string, opts: ParseOptions = {}): ParsedLoggerFile {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim().length === 0) throw new LoggerFileErrors.empty('line 1: the file is empty');
  const looksJson = /json/.test(mediaType) || /^\s*[[{]/.test(text);
  return looksJson ? parseJson(text, opts) : parseCsv(text, opts);
}

// --- CSV ---------------------------------------------------------------------------------------

const TIME_NAME =
  /^(time|timestamp|date ?time|date\/time|ts|time_utc|time_local|datetime|date & time|zeit)\b/i;
const TEMP_NAME = /^(temp|temperature|temp_c|t ?\(|value|°c|℃)/i;
const SEQ_NAME = /^(seq|sequence|no\.?|index|#|record)$/i;
const LEVEL_NAME = /^(ln2|ln2_level|ln2_level_pct|level|coolant)/i;
const DEVICE_NAME = /^(device|device_id|logger|logger_id|serial|serial_no|sn)$/i;

function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

function pickColumn(headers: string[], pattern: RegExp, what: string, stated?: string): number | undefined {
  if (stated !== undefined) {
    const i = headers.findIndex((h) => h.toLowerCase() === stated.toLowerCase());
    if (i < 0)
      throw new LoggerFileErrors.columns(
        `line 1: no column '${stated}' for ${what}; columns are ${headers.join(', ')}`,
      );
    return i;
  }
  const found = headers.map((h, i) => [h, i] as const).filter(([h]) => pattern.test(h));
  if (found.length <= 1) return found[0]?.[1];
  // several time columns: the one that says UTC wins (coldtrace's own export has time_utc and time_local)
  const utc = found.filter(([h]) => /utc/i.test(h));
  if (what === 'time' && utc.length === 1) return utc[0]![1];
  throw new LoggerFileErrors.ambiguous(
    `line 1: columns ${found.map(([h, i]) => `${i + 1} (${h})`).join(' and ')} could each be the ${what}; send ${what}Column=<name>`,
  );
}

/** The zone a header names: "Time (UTC)", "time_local (Asia/Shanghai)", "Zeit [UTC+08:00]". */
function zoneOfHeader(header: string): string | undefined {
  const inside = /[([]\s*([^)\]]+?)\s*[)\]]/.exec(header)?.[1];
  if (/utc/i.test(header) && (inside === undefined || /^utc$/i.test(inside))) return 'UTC';
  if (inside === undefined) return undefined;
  const fixed = /^(?:utc|gmt)\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(inside);
  if (fixed) return `${fixed[1]}${fixed[2]!.padStart(2, '0')}:${fixed[3] ?? '00'}`;
  return isTimeZone(inside) && inside.includes('/') ? inside : undefined;
}

const TIME_VALUE =
  /^(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A time cell to epoch ms; 'no-offset' when it needs a zone and none is known. */
function readTime(cell: string, zone: string | undefined): number | 'bad' | 'no-offset' {
  if (/^\d{9,13}$/.test(cell)) {
    const n = Number(cell);
    return cell.length >= 12 ? n : n * 1000;
  }
  const m = TIME_VALUE.exec(cell);
  if (!m) return 'bad';
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +(s ?? 0), +(frac ?? '0').padEnd(3, '0'));
  const check = new Date(wall);
  if (
    check.getUTCMonth() !== +mo! - 1 ||
    check.getUTCDate() !== +d! ||
    +h! > 23 ||
    +mi! > 59 ||
    +(s ?? 0) > 59
  )
    return 'bad';
  const off = offset ?? (zone && /^[+-]\d{2}:\d{2}$/.test(zone) ? zone : undefined);
  if (off !== undefined) {
    if (/^z$/i.test(off)) return wall;
    const sign = off.startsWith('-') ? -1 : 1;
    const digits = off.replace(/[^0-9]/g, '');
    return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  if (zone === undefined) return 'no-offset';
  return zone === 'UTC' ? wall : localToUtcMs(wall, zone);
}

function readNumber(cell: string, delimiter: string): number | undefined {
  const normal = delimiter === ';' ? cell.replace(',', '.') : cell;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(normal)) return undefined;
  return Number(normal);
}

function parseCsv(text: string, opts: ParseOptions): ParsedLoggerFile {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim().length > 0 && !l.trimStart().startsWith('#'));
  if (headerAt < 0) throw new LoggerFileErrors.empty('line 1: no header line');
  const headerLine = lines[headerAt]!;
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    headerLine.split(d).length > headerLine.split(best).length ? d : best,
  );
  // single quotes would cut the message's quoted part short (the catalogue reads it back)
  const headers = splitCsvLine(headerLine, delimiter).map((h) => h.replace(/'/g, '"'));
  const lineNo = (i: number) => i + 1;
  const timeCol = pickColumn(headers, TIME_NAME, 'time', opts.timeColumn);
  const tempCol = pickColumn(headers, TEMP_NAME, 'temp', opts.tempColumn);
  if (timeCol === undefined || tempCol === undefined) {
    throw new LoggerFileErrors.columns(
      `line ${lineNo(headerAt)}: needs a time and a temperature column, found ${headers.join(', ')}; send timeColumn= and tempColumn=`,
    );
  }
  const seqCol = pickColumn(headers, SEQ_NAME, 'seq');
  const levelCol = pickColumn(headers, LEVEL_NAME, 'level');
  const deviceCol = pickColumn(headers, DEVICE_NAME, 'device');
  let zone = opts.timeZone;
  if (zone !== undefined && zone !== 'UTC' && !isTimeZone(zone))
    throw new LoggerFileErrors.ambiguous(
      `timeZone '${zone}' is not a time zone name such as Asia/Shanghai or UTC`,
    );
  zone ??= zoneOfHeader(headers[timeCol]!);
  const at = (i: number, col: number) => `line ${lineNo(i)}, column ${col + 1} (${headers[col]})`;

  const readings: FileReading[] = [];
  const firstLineOf = new Map<number, number>();
  const devices = new Map<string, string>();
  let everyTimeHadOffset = true;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim().length === 0 || line.trimStart().startsWith('#')) continue;
    const cells = splitCsvLine(line, delimiter);
    if (cells.length !== headers.length) {
      throw new LoggerFileErrors.columns(
        `line ${lineNo(i)}: ${cells.length} columns, the header has ${headers.length}`,
      );
    }
    const timeCell = cells[timeCol]!;
    const tsMs = readTime(timeCell, zone);
    if (tsMs === 'no-offset') {
      throw new LoggerFileErrors.ambiguous(
        `${at(i, timeCol)}: ${timeCell} has no offset and neither the header nor the request names the time zone; send timeZone=UTC or timeZone=Asia/Shanghai`,
      );
    }
    if (tsMs === 'bad' || tsMs < TS_MIN_MS || tsMs > TS_MAX_MS)
      throw new LoggerFileErrors.time(`${at(i, timeCol)}: ${timeCell} is not a time between 2000 and 2100`);
    if (!TIME_VALUE.exec(timeCell)?.[8] && !/^\d+$/.test(timeCell)) everyTimeHadOffset = false;
    const tempC = readNumber(cells[tempCol]!, delimiter);
    if (tempC === undefined || tempC < -273.15 || tempC > 1000)
      throw new LoggerFileErrors.value(`${at(i, tempCol)}: ${cells[tempCol]} is not a temperature in °C`);
    const r: FileReading = { tsMs, tempC };
    if (seqCol !== undefined && cells[seqCol] !== '') {
      const seq = readNumber(cells[seqCol]!, delimiter);
      if (seq === undefined || !Number.isSafeInteger(seq) || seq < 0)
        throw new LoggerFileErrors.value(`${at(i, seqCol)}: ${cells[seqCol]} is not a whole number >= 0`);
      r.seq = seq;
    }
    if (levelCol !== undefined && cells[levelCol] !== '') {
      const pct = readNumber(cells[levelCol]!, delimiter);
      if (pct === undefined || pct < 0 || pct > 100)
        throw new LoggerFileErrors.value(`${at(i, levelCol)}: ${cells[levelCol]} is not a level 0-100 %`);
      r.ln2LevelPct = pct;
    }
    if (deviceCol !== undefined && cells[deviceCol] !== '' && !devices.has(cells[deviceCol]!))
      devices.set(cells[deviceCol]!, at(i, deviceCol));
    const before = firstLineOf.get(tsMs);
    if (before !== undefined)
      throw new LoggerFileErrors.duplicate(
        `${at(i, timeCol)}: ${timeCell} is the time of line ${before} again`,
      );
    firstLineOf.set(tsMs, lineNo(i));
    readings.push(r);
  }
  if (readings.length === 0)
    throw new LoggerFileErrors.empty(`line ${lineNo(headerAt)}: a header and no readings`);
  return {
    format: 'csv',
    readings,
    devicesNamed: [...devices].map(([deviceId, where]) => ({ deviceId, where })),
    columns: {
      time: headers[timeCol]!,
      temp: headers[tempCol]!,
      ...(seqCol !== undefined && { seq: headers[seqCol]! }),
      ...(levelCol !== undefined && { level: headers[levelCol]! }),
      ...(deviceCol !== undefined && { device: headers[deviceCol]! }),
    },
    timeZone: everyTimeHadOffset ? 'offset' : (zone ?? 'UTC'),
  };
}

// --- JSON --------------------------------------------------------------------------------------

/** One reading of a JSON export: the native contract's names, or coldtrace's own export's. */
const jsonReading = z
  .looseObject({
    deviceId: z.string().min(1).max(200).optional(),
    ts: z.union([z.iso.datetime({ offset: true }), z.number().int()]),
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    temp_c: z.number().min(-273.15).max(1000).optional(),
    tempC: z.number().min(-273.15).max(1000).optional(),
    ln2_level_pct: z.number().min(0).max(100).optional(),
    ln2LevelPct: z.number().min(0).max(100).optional(),
  })
  .refine((r) => (r.temp_c ?? r.tempC) !== undefined, { message: 'temp_c is required', path: ['temp_c'] });
const jsonExport = z.union([
  z.array(z.unknown()),
  z.looseObject({ deviceId: z.string().min(1).max(200).optional(), readings: z.array(z.unknown()) }),
]);

/** Line and column of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Where JSON.parse stopped: its "position N", or the end of the text excerpt V8 quotes. */
function jsonErrorOffset(text: string, message: string): number {
  const pos = /position (\d+)/.exec(message)?.[1];
  if (pos !== undefined) return Number(pos);
  const excerpt = /, (?:\.\.\.)?"([\s\S]+?)"(?:\.\.\.)? is not valid JSON/.exec(message)?.[1];
  const at = excerpt === undefined ? -1 : text.indexOf(excerpt);
  if (at < 0) return 0;
  const token = /Unexpected token '(.)'/.exec(message)?.[1];
  const tokenAt = token === undefined ? -1 : text.indexOf(token, at);
  return tokenAt >= 0 ? tokenAt : at;
}

/** Offset of the start of the k-th element of the readings array (good enough for where to look). */
function elementOffset(text: string, k: number): number {
  let depth = 0;
  let seen = -1;
  let inString = false;
  const arrayDepth = text.trimStart().startsWith('[') ? 1 : 2;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (c === '{' && depth === arrayDepth + 1 && ++seen === k) return i;
    } else if (c === ']' || c === '}') depth--;
  }
  return 0;
}

function parseJson(text: string, _opts: ParseOptions): ParsedLoggerFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/'/g, '"');
    throw new LoggerFileErrors.columns(
      `${lineColumn(text, jsonErrorOffset(text, (error as Error).message))}: not JSON (${message.slice(0, 80)})`,
    );
  }
  const shape = jsonExport.safeParse(value);
  if (!shape.success)
    throw new LoggerFileErrors.columns(
      'line 1, column 1: expected an array of readings or {deviceId, readings: [...]}',
    );
  const items = Array.isArray(shape.data) ? shape.data : shape.data.readings;
  const topDevice = Array.isArray(shape.data) ? undefined : shape.data.deviceId;
  if (items.length === 0) throw new LoggerFileErrors.empty('line 1, column 1: no readings');
  const readings: FileReading[] = [];
  const devices = new Map<string, string>();
  if (topDevice) devices.set(topDevice, 'line 1 (deviceId)');
  const first = new Map<number, number>();
  for (let k = 0; k < items.length; k++) {
    const where = () => `${lineColumn(text, elementOffset(text, k))} (readings[${k}])`;
    const parsed = jsonReading.safeParse(items[k]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.');
      const Err = field === 'ts' ? LoggerFileErrors.time : LoggerFileErrors.value;
      throw new Err(`${where()}: ${field || 'reading'}: ${issue.message}`);
    }
    const p = parsed.data;
    const tsMs = typeof p.ts === 'number' ? p.ts : Date.parse(p.ts);
    if (tsMs < TS_MIN_MS || tsMs > TS_MAX_MS)
      throw new LoggerFileErrors.time(`${where()}: ts is not between 2000 and 2100`);
    if (first.has(tsMs))
      throw new LoggerFileErrors.duplicate(`${where()}: the time of readings[${first.get(tsMs)}] again`);
    first.set(tsMs, k);
    if (p.deviceId && !devices.has(p.deviceId)) devices.set(p.deviceId, where());
    const r: FileReading = { tsMs, tempC: (p.temp_c ?? p.tempC)! };
    if (p.seq !== undefined) r.seq = p.seq;
    const pct = p.ln2_level_pct ?? p.ln2LevelPct;
    if (pct !== undefined) r.ln2LevelPct = pct;
    readings.push(r);
  }
  return {
    format: 'json',
    readings,
    devicesNamed: [...devices].map(([deviceId, where]) => ({ deviceId, where })),
    timeZone: 'offset',
  };
}
