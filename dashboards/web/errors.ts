import createError from '@fastify/error';

/** Errors of the built-in pages' own endpoints (/ui/...), declared once with stable codes. */
export const PageErrors = {
  localeUnknown: createError<'CT_PAGE_LOCALE_UNKNOWN', 404, [string]>(
    'CT_PAGE_LOCALE_UNKNOWN',
    "no messages for locale '%s': use zh-CN or en",
    404,
  ),
  badId: createError<'CT_PAGE_BAD_ID', 400, [string]>(
    'CT_PAGE_BAD_ID',
    "'%s' is not an id: use letters, digits and . _ : - only",
    400,
  ),
  noRecords: createError<'CT_PAGE_NO_RECORDS', 503>(
    'CT_PAGE_NO_RECORDS',
    'the pages have no records store: register webPagesPlugin inside buildApi or pass `records`',
    503,
  ),
};
