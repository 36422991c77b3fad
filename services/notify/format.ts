import { hasMessage, type Locale, t } from '../domain/messages/catalog.js';
import '../domain/messages/clauses.js';
import '../domain/messages/findings.js';
import '../domain/messages/mail.js';

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
