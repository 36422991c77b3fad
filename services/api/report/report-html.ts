import type { ChartGeometry } from './chart.js';
import type { ReportDocument, Rows } from './report-document.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const rowsTable = (rows: Rows) =>
  `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;

export function chartSvg(g: ChartGeometry, legend: ReportDocument['chartLegend']): string {
  const { plot } = g;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${g.width} ${g.height}" width="100%" role="img" aria-label="${esc(legend.description)}">`,
    `<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="#fff" stroke="#999"/>`,
  ];
  if (g.band) {
    parts.push(
      `<rect class="band" x="${plot.x}" y="${g.band.y}" width="${plot.w}" height="${g.band.h}" fill="#dff3e4"><title>${esc(legend.band)}</title></rect>`,
    );
  }
  for (const e of g.excursions) {
    parts.push(
      `<rect class="excursion" x="${e.x}" y="${plot.y}" width="${e.w}" height="${plot.h}" fill="#f4b6b6" fill-opacity="0.6"><title>${esc(legend.excursion)}</title></rect>`,
    );
  }
  for (const tick of g.yTicks) {
    parts.push(
      `<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${tick.y}" y2="${tick.y}" stroke="#eee"/>`,
      `<text x="${plot.x - 6}" y="${tick.y + 4}" font-size="11" text-anchor="end">${esc(tick.label)}</text>`,
    );
  }
  for (const l of g.limits) {
    parts.push(
      `<line class="limit" x1="${plot.x}" x2="${plot.x + plot.w}" y1="${l.y}" y2="${l.y}" stroke="#a3001b" stroke-width="1.2" stroke-dasharray="6 4"/>`,
      `<text class="limit-label" x="${plot.x + plot.w - 4}" y="${l.y - 4}" font-size="11" text-anchor="end" fill="#a3001b">${esc(l.label)}</text>`,
    );
  }
  for (const tick of g.xTicks) {
    parts.push(
      // a label at the right edge ends there instead of running out of the drawing
      `<text x="${tick.x}" y="${plot.y + plot.h + 16}" font-size="11" text-anchor="${tick.x > g.width - 40 ? 'end' : 'middle'}">${esc(tick.label)}</text>`,
    );
  }
  for (const s of g.series) {
    if (s.points.length === 0) continue;
    parts.push(
      `<polyline class="series" data-device="${esc(s.deviceId)}" fill="none" stroke="${s.color}" stroke-width="1.4" points="${s.points.map(([x, y]) => `${x},${y}`).join(' ')}"/>`,
    );
  }
  for (const p of g.peaks) {
    parts.push(
      `<circle class="peak" cx="${p.x}" cy="${p.y}" r="3.5" fill="#a3001b"/>`,
      `<text class="peak-label" x="${p.x + 6}" y="${Math.max(plot.y + 11, p.y - 6)}" font-size="11" font-weight="bold" fill="#a3001b">${esc(p.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The printable report as one self-contained HTML page (print it, or use the PDF). */
export function renderReportHtml(d: ReportDocument): string {
  const legend = [
    `<span class="key" style="background:#dff3e4"></span>${esc(d.chartLegend.band)}`,
    `<span class="key" style="background:#f4b6b6"></span>${esc(d.chartLegend.excursion)}`,
    ...d.chart.series.map((s) => `<span class="key" style="background:${s.color}"></span>${esc(s.deviceId)}`),
  ].join(' ');
  const findings =
    d.findings.length === 0
      ? `<p>${esc(d.noFindings)}</p>`
      : `<table class="grid ruled findings"><tr>${d.findingsHead.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${d.findings
          .map(
            ([code, clause, severity, finding, ...rest]) =>
              // a code breaks after its underscores only (RECEIPT_CHECK_FAILED, not RECEI/PT_C/HECK)
              `<tr><td class="code" data-code="${esc(code ?? '')}">${esc(code ?? '').replaceAll('_', '_<wbr>')}</td><td>${esc(clause ?? '')}</td><td class="nowrap">${esc(severity ?? '')}</td><td>${esc(finding ?? '')}</td>${rest.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
          )
          .join('')}</table>`;
  const checks = `<table class="grid ruled"><tr>${d.checksHead.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${d.checks
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</table>`;
  const eSignatures =
    d.eSignatures.length === 0
      ? `<p>${esc(d.noESignatures)}</p>`
      : `<table class="grid esig"><tr>${d.eSignaturesHead.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${d.eSignatures
          .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
          .join('')}</table>`;
  const signatures = d.signatures
    .map(
      (s) =>
        `<div class="sign"><div>${esc(s)}</div><div class="line"></div><div>${esc(d.signDate)}: ______</div></div>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${d.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(d.title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC",system-ui,sans-serif;margin:24px;color:#111;font-size:13px}
@media (max-width:480px){body{margin:12px}}
h1{font-size:20px;margin:0 0 6px}h2{font-size:15px;margin:18px 0 6px;border-bottom:1px solid #ccc}
.status{font-size:16px;font-weight:bold;padding:8px;border-radius:4px}
.status.pass{background:#dff3e4}.status.deviation{background:#f9d6d6}
.record-changed{border:2px solid #a3001b;background:#fff0f0;color:#a3001b;padding:8px;margin:8px 0;border-radius:4px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:3px 6px}
.kv th{width:32%;font-weight:normal;color:#555}.grid th,.grid td{border:1px solid #ccc}
td{overflow-wrap:anywhere}.findings td.code{overflow-wrap:normal}.nowrap{white-space:nowrap}
.chart{overflow-x:auto}@media screen and (max-width:600px){.chart svg{min-width:640px}}
.key{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
.signs{display:flex;gap:24px;align-items:flex-end}.sign{flex:1}.sign .line{border-bottom:1px solid #000;height:40px}
.ruled td:last-child{white-space:pre-line;color:#333}.esig td:last-child{font-family:monospace;font-size:11px;word-break:break-all}.muted{color:#666}@media print{body{margin:0}}
</style></head><body>
<h1>${esc(d.title)}</h1>
<div class="status ${d.status}">${esc(d.statusLine)}</div>
${d.recordNotice ? `<div class="record-changed" role="alert" data-code="${esc(d.recordNotice.code)}"><strong>${esc(d.recordNotice.code)}</strong> · ${esc(d.recordNotice.title)}: ${esc(d.recordNotice.text)}</div>` : ''}
<p>${esc(d.finalLine)}. <span class="muted">${esc(d.timesIn)}</span></p>
<h2>${esc(d.shipment[0]?.[0] ?? '')}: ${esc(d.shipment[0]?.[1] ?? '')}</h2>
${rowsTable(d.shipment.slice(1))}
${rowsTable(d.requirements)}
<h2>${esc(d.chartTitle)}</h2>
<p class="muted">${esc(d.chartAxis)}${d.chartLegend.noData ? ` — ${esc(d.chartLegend.noData)}` : ''}</p>
<div class="chart" tabindex="0">${chartSvg(d.chart, d.chartLegend)}</div>
<h3>${esc(d.summaryTitle)}</h3>
<table class="grid summary"><tr>${d.summaryHead.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${d.summary
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</table>${d.summaryNote ? `<p class="muted">${esc(d.summaryNote)}</p>` : ''}
<p>${legend}</p>
<h2>${esc(d.findingsTitle)}</h2>
${findings}
<h2>${esc(d.checksTitle)}</h2>
${checks}
<h2>${esc(d.receiptTitle)}</h2>
${d.receipt.length ? rowsTable(d.receipt) : `<p>${esc(d.noReceipt)}</p>`}
<h2>${esc(d.eSignaturesTitle)}</h2>
${eSignatures}
${(d.caseSections ?? []).map((c) => `<h2>${esc(c.title)}</h2>\n${rowsTable(c.rows)}`).join('\n')}
<h2>${esc(d.signaturesTitle)}</h2>
<div class="signs">${signatures}</div>
<p class="muted">${d.footer.map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(' · ')}</p>
</body></html>`;
}
