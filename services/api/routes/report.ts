import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Access } from '../auth.js';
import { requestLocale } from '../locale.js';
import { reportDocument } from '../report/report-document.js';
import { renderReportHtml } from '../report/report-html.js';
import { loadReportModel } from '../report/report-model.js';
import { renderReportPdf } from '../report/report-pdf.js';
import { idParams } from '../schemas.js';

/** The printable shipment report: chart, findings with clauses, receipt, signature block (HTML or PDF). */
export const reportRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/shipments/:id/report',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['exports'],
          summary: 'printable shipment report (HTML or PDF, zh-CN or en)',
          description:
            'Printable report in zh-CN or en (`?lang=`), times in the site zone; `?format=pdf` for PDF.',
          params: idParams,
          querystring: z.object({
            format: z.enum(['html', 'pdf']).default('html'),
            lang: z.string().max(10).optional(),
          }),
        },
      },
      async (req, reply) => {
        const locale = requestLocale(req, app.deps.config.site.locale);
        const doc = reportDocument(await loadReportModel(app, req.params.id, locale));
        if (req.query.format === 'pdf') {
          return reply
            .type('application/pdf')
            .header('content-disposition', `inline; filename="${req.params.id}-report-${locale}.pdf"`)
            .send(await renderReportPdf(doc));
        }
        return reply.type('text/html; charset=utf-8').send(renderReportHtml(doc));
      },
    );
  },
  { name: 'coldtrace-report', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
