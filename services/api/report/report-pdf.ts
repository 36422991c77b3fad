import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ReportDocument, Rows } from './report-document.js';

/**
 * CJK-capable fonts looked for on the machine (Debian: fonts-wqy-microhei, fonts-noto-cjk). The
 * PDF standard fonts have no Chinese glyphs; without one of these a zh-CN PDF falls back to
 * Helvetica and the Chinese text is lost (the HTML report is unaffected).
 */
const CJK_FONTS: { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

export function cjkFont(): { path: string; family?: string } | undefined {
  return CJK_FONTS.find((f) => existsSync(f.path));
}

const MARGIN = 40;

/** The same report as a PDF (A4): chart drawn as vectors, a signature block at the end. */
export async function renderReportPdf(d: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: d.title, Creator: 'coldtrace' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const font = cjkFont();
  if (font) {
    doc.registerFont('body', font.path, font.family);
    doc.font('body');
  } else {
    doc.font('Helvetica');
  }
  const pageW = doc.page.width - 2 * MARGIN;
  const ensure = (h: number) => {
    if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.6).fontSize(12).fillColor('#000').text(text, MARGIN, doc.y);
    doc
      .moveTo(MARGIN, doc.y + 1)
      .lineTo(MARGIN + pageW, doc.y + 1)
      .strokeColor('#bbb')
      .stroke();
    doc.moveDown(0.4).fontSize(9);
  };
  const table = (rows: string[][], widths: number[], header?: string[]) => {
    const draw = (cells: string[], bold: boolean) => {
      const heights = cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 6 }));
      const h = Math.max(...heights) + 4;
      ensure(h);
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        doc.fillColor(bold ? '#555' : '#000').text(c, x + 3, y + 2, { width: widths[i]! - 6 });
        x += widths[i]!;
      });
      doc.y = y + h;
      doc
        .moveTo(MARGIN, doc.y)
        .lineTo(MARGIN + widths.reduce((a, b) => a + b, 0), doc.y)
        .strokeColor('#e0e0e0')
        .stroke();
    };
    if (header) draw(header, true);
    for (const r of rows) draw(r, false);
    doc.x = MARGIN;
  };
  const kv = (rows: Rows) => table(rows, [pageW * 0.32, pageW * 0.68]);

  doc.fontSize(16).text(d.title);
  doc.moveDown(0.3);
  const statusY = doc.y;
  doc.rect(MARGIN, statusY, pageW, 24).fill(d.status === 'pass' ? '#dff3e4' : '#f9d6d6');
  doc
    .fillColor('#000')
    .fontSize(12)
    .text(d.statusLine, MARGIN + 6, statusY + 6, { width: pageW - 12 });
  doc.y = statusY + 28;
  if (d.recordNotice) {
    doc
      .fontSize(10)
      .fillColor('#a3001b')
      .text(`${d.recordNotice.code} · ${d.recordNotice.title}: ${d.recordNotice.text}`, MARGIN, doc.y, {
        width: pageW,
      })
      .fillColor('#000');
    doc.moveDown(0.3);
  }
  doc.fontSize(9).text(`${d.finalLine}. ${d.timesIn}`, MARGIN);

  heading(`${d.shipment[0]?.[0] ?? ''}: ${d.shipment[0]?.[1] ?? ''}`);
  kv(d.shipment.slice(1));
  kv(d.requirements);

  heading(d.chartTitle);
  doc
    .fontSize(8)
    .fillColor('#555')
    .text(d.chartAxis + (d.chartLegend.noData ? ` — ${d.chartLegend.noData}` : ''));
  drawChart(doc, d, pageW, ensure);
  doc.fontSize(9).fillColor('#000').text(d.summaryTitle);
  table(
    d.summary,
    d.summaryHead.map(() => pageW / d.summaryHead.length),
    d.summaryHead,
  );
  if (d.summaryNote) doc.fontSize(7).fillColor('#555').text(d.summaryNote).fillColor('#000');

  heading(d.findingsTitle);
  if (d.findings.length === 0) doc.text(d.noFindings);
  else
    table(d.findings, [pageW * 0.17, pageW * 0.17, pageW * 0.07, pageW * 0.31, pageW * 0.28], d.findingsHead);

  heading(d.checksTitle);
  table(d.checks, [pageW * 0.28, pageW * 0.14, pageW * 0.14, pageW * 0.44], d.checksHead);

  heading(d.receiptTitle);
  if (d.receipt.length === 0) doc.text(d.noReceipt);
  else kv(d.receipt);

  heading(d.eSignaturesTitle);
  if (d.eSignatures.length === 0) doc.text(d.noESignatures);
  else table(d.eSignatures, [pageW * 0.22, pageW * 0.12, pageW * 0.3, pageW * 0.36], d.eSignaturesHead);

  heading(d.signaturesTitle);
  ensure(80);
  const colW = pageW / d.signatures.length;
  const y = doc.y + 4;
  d.signatures.forEach((s, i) => {
    const x = MARGIN + i * colW;
    doc.fillColor('#000').text(s, x, y, { width: colW - 16 });
    doc
      .moveTo(x, y + 45)
      .lineTo(x + colW - 16, y + 45)
      .strokeColor('#000')
      .stroke();
    doc.text(`${d.signDate}: ________`, x, y + 50, { width: colW - 16 });
  });
  doc.y = y + 70;
  doc.x = MARGIN;
  doc
    .fontSize(8)
    .fillColor('#666')
    .text(d.footer.map(([k, v]) => `${k}: ${v}`).join('   '), MARGIN);
  doc.end();
  return done;
}

function drawChart(
  doc: PDFKit.PDFDocument,
  d: ReportDocument,
  pageW: number,
  ensure: (h: number) => void,
): void {
  const g = d.chart;
  const scale = pageW / g.width;
  const h = g.height * scale;
  ensure(h + 24);
  const ox = MARGIN;
  const oy = doc.y + 4;
  const X = (x: number) => ox + x * scale;
  const Y = (y: number) => oy + y * scale;
  const { plot } = g;
  doc.save();
  doc.rect(X(plot.x), Y(plot.y), plot.w * scale, plot.h * scale).fillAndStroke('#ffffff', '#999999');
  if (g.band) doc.rect(X(plot.x), Y(g.band.y), plot.w * scale, g.band.h * scale).fill('#dff3e4');
  for (const e of g.excursions) {
    doc
      .rect(X(e.x), Y(plot.y), e.w * scale, plot.h * scale)
      .fillOpacity(0.6)
      .fill('#f4b6b6');
    doc.fillOpacity(1);
  }
  doc.fontSize(6).fillColor('#333');
  for (const t of g.yTicks)
    doc.text(t.label, X(0), Y(t.y) - 3, { width: (plot.x - 6) * scale, align: 'right' });
  for (const t of g.xTicks)
    doc.text(t.label, X(t.x) - 30, Y(plot.y + plot.h) + 3, { width: 60, align: 'center' });
  for (const s of g.series) {
    const [first, ...rest] = s.points;
    if (!first) continue;
    doc.moveTo(X(first[0]), Y(first[1]));
    for (const [x, y] of rest) doc.lineTo(X(x), Y(y));
    doc.lineWidth(0.8).strokeColor(s.color).stroke();
  }
  // the limits dashed and labelled, each excursion's peak marked
  for (const l of g.limits) {
    doc
      .moveTo(X(plot.x), Y(l.y))
      .lineTo(X(plot.x + plot.w), Y(l.y))
      .dash(4, { space: 3 })
      .lineWidth(0.8)
      .strokeColor('#a3001b')
      .stroke()
      .undash();
    doc
      .fontSize(6)
      .fillColor('#a3001b')
      .text(l.label, X(plot.x + plot.w) - 60, Y(l.y) - 8, { width: 58, align: 'right' });
  }
  for (const p of g.peaks) {
    doc.circle(X(p.x), Y(p.y), 2).fill('#a3001b');
    doc
      .fontSize(6)
      .fillColor('#a3001b')
      .text(p.label, X(p.x) + 4, Math.max(Y(plot.y), Y(p.y) - 9), { lineBreak: false });
  }
  doc.restore();
  doc.y = oy + h + 4;
  doc.x = MARGIN;
  const legend = [d.chartLegend.band, d.chartLegend.excursion, ...g.series.map((s) => s.deviceId)];
  const colors = ['#dff3e4', '#f4b6b6', ...g.series.map((s) => s.color)];
  let lx = MARGIN;
  const ly = doc.y;
  doc.fontSize(8);
  legend.forEach((label, i) => {
    doc.rect(lx, ly + 1, 8, 8).fill(colors[i]!);
    doc.fillColor('#000').text(label, lx + 11, ly, { lineBreak: false });
    lx += 11 + doc.widthOfString(label) + 14;
  });
  doc.y = ly + 14;
  doc.x = MARGIN;
}
