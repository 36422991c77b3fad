import { codedError } from '../../domain/coded-error.js';

/**
 * Why a logger file was refused. Each names where (line and column, or the JSON item) and what to
 * fix; nothing of a refused file is stored.
 */
export const LoggerFileErrors = {
  empty: codedError('CT_LOGGER_FILE_EMPTY', 422, ['id']),
  columns: codedError('CT_LOGGER_FILE_COLUMNS', 422, ['id']),
  ambiguous: codedError('CT_LOGGER_FILE_AMBIGUOUS', 422, ['id']),
  time: codedError('CT_LOGGER_FILE_TIME', 422, ['id']),
  value: codedError('CT_LOGGER_FILE_VALUE', 422, ['id']),
  duplicate: codedError('CT_LOGGER_FILE_DUPLICATE', 422, ['id']),
  device: codedError('CT_LOGGER_FILE_DEVICE', 422, ['id']),
  exists: codedError('CT_LOGGER_FILE_EXISTS', 409, ['id']),
  /** the receipt's verdict is final (8.1.7): a file it did not judge must not sit in the record unjudged */
  afterReceipt: codedError('CT_LOGGER_FILE_AFTER_RECEIPT', 409, ['id']),
  notFound: codedError('CT_LOGGER_FILE_NOT_FOUND', 404, ['id']),
};
