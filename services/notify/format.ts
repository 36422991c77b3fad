import { hasMessage, type Locale, t } from '../domain/messages/catalog.js';

/** "1 h 05 min", "12 min", "40 s" in the reader's language. */
export function formatDuration(locale: Locale, durationMs: number): string {
  const totalSeconds = Math.max(0, Math.round(durationMs / 1000));
  if (totalSeconds < 60) return t(locale, 'mail.duration.seconds', { seconds: totalSeconds });
  const totalMinutes = Math.round(totalSeconds / 60);
  if (totalMinutes < 60) return t(locale, 'mail.duration.minutes', { minutes: totalMinutes });
  return t(locale, 'mail.duration.hoursMinutes', {
    hours: Math.floor(totalMinutes / 60),
    minutes: String(totalMinutes % 60).padStart(2, '0'),
  });
}

/**
 * The plain statement of a finding code from the domain's catalogue entries; the code itself when
 * the domain has none (never an ad-hoc text).
 */
export function findingTitle(locale: Locale, code: string, deviceId?: string): string {
  const key = `finding.${code}`;
  if (!hasMessage(key)) return '';
  const text = t(locale, key, { deviceId: deviceId ?? '-' });
  // a text that needs figures this mail does not have is left out rather than shown half-filled
  return /\{\w+\}/.test(text) ? '' : text;
}

/** The clause's own text from the domain's entries, prefixed with its number. */
export function clauseTitle(locale: Locale, clause: string): string {
  const texts = clause
    .split(/[,\s]+/)
    .filter((n) => hasMessage(`clause.${n}`))
    .map((n) => t(locale, `clause.${n}`));
  return texts.length ? `${clause}: ${texts.join(' ')}` : clause;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** One document rendered twice: as plain text and as simple HTML (a table of labelled fields). */
export interface MailDocument {
  lead: string[];
  fields: [label: string, value: string][];
  sections?: { title: string; lines: string[] }[];
  links: [label: string, url: string][];
  footer: string[];
}

export function renderText(doc: MailDocument): string {
  const width = Math.max(...doc.fields.map(([l]) => l.length), 4);
  const out = [...doc.lead, ''];
  for (const [label, value] of doc.fields) out.push(`${label.padEnd(width)}  ${value}`);
  for (const s of doc.sections ?? []) out.push('', s.title, ...s.lines.map((l) => `  - ${l}`));
  out.push('');
  for (const [label, url] of doc.links) out.push(`${label}: ${url}`);
  out.push('', '-- ', ...doc.footer);
  return `${out.join('\n')}\n`;
}

export function renderHtml(doc: MailDocument, lang: Locale): string {
  const e = escapeHtml;
  const rows = doc.fields
    .map(
      ([l, v]) =>
        `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${e(l)}</th><td>${e(v)}</td></tr>`,
    )
    .join('');
  const sections = (doc.sections ?? [])
    .map((s) => `<h3>${e(s.title)}</h3><ul>${s.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`)
    .join('');
  const links = doc.links.map(([l, u]) => `<p><a href="${e(u)}">${e(l)}</a></p>`).join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif">${doc.lead
    .map((p) => `<p>${e(p)}</p>`)
    .join(
      '',
    )}<table>${rows}</table>${sections}${links}<hr><p style="color:#666;font-size:small">${doc.footer.map(e).join('<br>')}</p></body></html>`;
}

/**
 * The same document in the reader's language first and the other one below: plain text with a
 * rule between the two.
 */
export function renderBilingualText(docs: [MailDocument, Locale][]): string {
  return docs.map(([d]) => renderText(d)).join('\n==============================\n\n');
}

/**
 * Styled HTML that keeps its layout in common mail clients: nested tables with inline styles (no
 * <style>, no CSS layout), each language in its own block with its `lang`, the reader's first.
 */
export function renderBilingualHtml(docs: [MailDocument, Locale][]): string {
  const e = escapeHtml;
  const block = ([doc, lang]: [MailDocument, Locale], i: number) => {
    const [head, ...rest] = doc.lead;
    const rows = doc.fields
      .map(
        ([l, v]) =>
          // labels wrap between words only (keep-all: 接收时间 stays whole), long values (codes, ids) break:
          // on a phone the table stays inside the mail
          `<tr><th align="left" valign="top" style="padding:4px 12px 4px 0;color:#444;font-weight:600;word-break:keep-all">${e(l)}</th><td style="padding:4px 0;color:#111;word-break:break-word;overflow-wrap:anywhere">${e(v)}</td></tr>`,
      )
      .join('');
    const sections = (doc.sections ?? [])
      .map(
        (s) =>
          `<p style="margin:12px 0 4px;font-weight:600">${e(s.title)}</p><ul style="margin:0;padding-left:20px">${s.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`,
      )
      .join('');
    const links = doc.links
      .map(
        ([l, u]) =>
          `<a href="${e(u)}" style="display:inline-block;margin:8px 8px 0 0;padding:8px 14px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px">${e(l)}</a>`,
      )
      .join('');
    return `<tr><td lang="${lang}" style="padding:16px 20px;${i > 0 ? 'border-top:4px solid #e5e7eb;' : ''}">${
      head ? `<p style="margin:0 0 8px">${e(head)}</p>` : ''
    }${rest.map((p) => `<p style="margin:0 0 8px;font-size:16px">${e(p)}</p>`).join('')}<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">${rows}</table>${sections}<p style="margin:8px 0 0">${links}</p><p style="margin:12px 0 0;color:#666;font-size:12px">${doc.footer.map(e).join('<br>')}</p></td></tr>`;
  };
  const lang = docs[0]?.[1] ?? 'zh-CN';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>coldtrace</title></head><body style="margin:0;padding:0;background:#f3f4f6"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#ffffff;border:1px solid #d1d5db;font-family:Arial,'Microsoft YaHei','PingFang SC',sans-serif;line-height:1.5">${docs.map(block).join('')}</table></td></tr></table></body></html>`;
}
