import createError from '@fastify/error';

/**
 * Errors the records store raises, declared once (code, message, HTTP status). Clients switch on
 * the code; the message a person reads comes from services/domain/messages/errors.ts by code.
 */
export const StoreErrors = {
  profileNotFound: createError<'CT_PROFILE_NOT_FOUND', 404, [string]>(
    'CT_PROFILE_NOT_FOUND',
    "profile '%s' not found",
    404,
  ),
  deviceNotFound: createError<'CT_DEVICE_NOT_FOUND', 404, [string]>(
    'CT_DEVICE_NOT_FOUND',
    "device '%s' not found",
    404,
  ),
  deviceExists: createError<'CT_DEVICE_EXISTS', 409, [string]>(
    'CT_DEVICE_EXISTS',
    "device '%s' is already registered",
    409,
  ),
  deviceRevoked: createError<'CT_DEVICE_REVOKED', 409, [string]>(
    'CT_DEVICE_REVOKED',
    "device '%s' is revoked; register a new device id instead",
    409,
  ),
  deviceBusy: createError<'CT_DEVICE_BUSY', 409, [string, string]>(
    'CT_DEVICE_BUSY',
    "device '%s' is still travelling with shipment '%s'",
    409,
  ),
  unknownDevices: createError<'CT_UNKNOWN_DEVICES', 400, [string]>(
    'CT_UNKNOWN_DEVICES',
    'register these devices first: %s',
    400,
  ),
  unknownProfile: createError<'CT_UNKNOWN_PROFILE', 400, [string]>(
    'CT_UNKNOWN_PROFILE',
    "register profile '%s' first",
    400,
  ),
  shipmentNotFound: createError<'CT_SHIPMENT_NOT_FOUND', 404, [string]>(
    'CT_SHIPMENT_NOT_FOUND',
    "shipment '%s' not found",
    404,
  ),
  shipmentExists: createError<'CT_SHIPMENT_EXISTS', 409, [string]>(
    'CT_SHIPMENT_EXISTS',
    "shipment '%s' already exists",
    409,
  ),
  alreadyDispatched: createError<'CT_ALREADY_DISPATCHED', 409, [string]>(
    'CT_ALREADY_DISPATCHED',
    "shipment '%s' was already dispatched",
    409,
  ),
  notDispatched: createError<'CT_NOT_DISPATCHED', 409, [string]>(
    'CT_NOT_DISPATCHED',
    "shipment '%s' has not been dispatched yet",
    409,
  ),
  receiptExists: createError<'CT_RECEIPT_EXISTS', 409, [string]>(
    'CT_RECEIPT_EXISTS',
    "shipment '%s' already has a receipt",
    409,
  ),
  storageUnitNotFound: createError<'CT_STORAGE_UNIT_NOT_FOUND', 404, [string]>(
    'CT_STORAGE_UNIT_NOT_FOUND',
    "storage unit '%s' not found",
    404,
  ),
  storageUnitExists: createError<'CT_STORAGE_UNIT_EXISTS', 409, [string]>(
    'CT_STORAGE_UNIT_EXISTS',
    "storage unit '%s' already exists",
    409,
  ),
  itemNotFound: createError<'CT_ITEM_NOT_FOUND', 404, [string]>(
    'CT_ITEM_NOT_FOUND',
    "stored item '%s' not found in this unit",
    404,
  ),
  itemExists: createError<'CT_ITEM_EXISTS', 409, [string]>('CT_ITEM_EXISTS', "item '%s' already exists", 409),
  recordsInUse: createError<'CT_RECORDS_IN_USE', 409, [string, string]>(
    'CT_RECORDS_IN_USE',
    "the embedded records store in '%s' is open in process %s (PGlite serves one process): stop it, use the HTTP API, or set COLDTRACE_DATABASE_URL",
    409,
  ),
  apiKeyNotFound: createError<'CT_API_KEY_NOT_FOUND', 404, [string]>(
    'CT_API_KEY_NOT_FOUND',
    "API key '%s' not found",
    404,
  ),
};
