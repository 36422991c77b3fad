import createError from '@fastify/error';

/**
 * Why a logger file was refused. Each names where (line and column, or the JSON item) and what to
 * fix; nothing of a refused file is stored.
 */
export const LoggerFileErrors = {
  empty: createError<'CT_LOGGER_FILE_EMPTY', 422, [string]>(
    'CT_LOGGER_FILE_EMPTY',
    "logger file holds no readings: '%s'",
    422,
  ),
  columns: createError<'CT_LOGGER_FILE_COLUMNS', 422, [string]>(
    'CT_LOGGER_FILE_COLUMNS',
    "logger file columns not understood: '%s'",
    422,
  ),
  ambiguous: createError<'CT_LOGGER_FILE_AMBIGUOUS', 422, [string]>(
    'CT_LOGGER_FILE_AMBIGUOUS',
    "logger file is ambiguous, state it in the request: '%s'",
    422,
  ),
  time: createError<'CT_LOGGER_FILE_TIME', 422, [string]>(
    'CT_LOGGER_FILE_TIME',
    "logger file has a time that is not one: '%s'",
    422,
  ),
  value: createError<'CT_LOGGER_FILE_VALUE', 422, [string]>(
    'CT_LOGGER_FILE_VALUE',
    "logger file has a value outside the contract: '%s'",
    422,
  ),
  duplicate: createError<'CT_LOGGER_FILE_DUPLICATE', 422, [string]>(
    'CT_LOGGER_FILE_DUPLICATE',
    "logger file repeats a time: '%s'",
    422,
  ),
  device: createError<'CT_LOGGER_FILE_DEVICE', 422, [string]>(
    'CT_LOGGER_FILE_DEVICE',
    "logger file is not from a logger of this shipment: '%s'",
    422,
  ),
  exists: createError<'CT_LOGGER_FILE_EXISTS', 409, [string]>(
    'CT_LOGGER_FILE_EXISTS',
    "this file was already uploaded for the shipment as '%s'",
    409,
  ),
  /** the receipt's verdict is final (8.1.7): a file it did not judge must not sit in the record unjudged */
  afterReceipt: createError<'CT_LOGGER_FILE_AFTER_RECEIPT', 409, [string]>(
    'CT_LOGGER_FILE_AFTER_RECEIPT',
    "shipment '%s' is received and its verdict final: upload the logger's file before recording the receipt; a record found afterwards goes to the deviation case",
    409,
  ),
  notFound: createError<'CT_LOGGER_FILE_NOT_FOUND', 404, [string]>(
    'CT_LOGGER_FILE_NOT_FOUND',
    "logger file '%s' not found",
    404,
  ),
};
