import { codedError } from '../../domain/coded-error.js';

/**
 * Errors the records store raises, declared once (code, message, HTTP status). Clients switch on
 * the code; the message a person reads comes from services/domain/messages/errors.ts by code.
 */
export const StoreErrors = {
  profileNotFound: codedError('CT_PROFILE_NOT_FOUND', 404, ['id']),
  deviceNotFound: codedError('CT_DEVICE_NOT_FOUND', 404, ['id']),
  deviceExists: codedError('CT_DEVICE_EXISTS', 409, ['id']),
  deviceRevoked: codedError('CT_DEVICE_REVOKED', 409, ['id']),
  deviceBusy: codedError('CT_DEVICE_BUSY', 409, ['id', 'shipmentId']),
  unknownDevices: codedError('CT_UNKNOWN_DEVICES', 400, ['id']),
  unknownProfile: codedError('CT_UNKNOWN_PROFILE', 400, ['id']),
  shipmentNotFound: codedError('CT_SHIPMENT_NOT_FOUND', 404, ['id']),
  shipmentExists: codedError('CT_SHIPMENT_EXISTS', 409, ['id']),
  alreadyDispatched: codedError('CT_ALREADY_DISPATCHED', 409, ['id']),
  notDispatched: codedError('CT_NOT_DISPATCHED', 409, ['id']),
  receiptExists: codedError('CT_RECEIPT_EXISTS', 409, ['id']),
  storageUnitNotFound: codedError('CT_STORAGE_UNIT_NOT_FOUND', 404, ['id']),
  storageUnitExists: codedError('CT_STORAGE_UNIT_EXISTS', 409, ['id']),
  itemNotFound: codedError('CT_ITEM_NOT_FOUND', 404, ['id']),
  itemExists: codedError('CT_ITEM_EXISTS', 409, ['id']),
  recordsInUse: codedError('CT_RECORDS_IN_USE', 409, ['dir', 'pid']),
  apiKeyNotFound: codedError('CT_API_KEY_NOT_FOUND', 404, ['id']),
};
