import { codedError } from '../../domain/coded-error.js';

/**
 * Errors of the product's journey (issue 16), declared once. The text a person reads comes from
 * services/domain/messages/journey.ts by code.
 */
export const JourneyErrors = {
  productNotFound: codedError('CT_PRODUCT_NOT_FOUND', 404, ['id']),
  stepNotAllowed: codedError('CT_STEP_NOT_ALLOWED', 409, ['id', 'state']),
  stepOutOfOrder: codedError('CT_STEP_OUT_OF_ORDER', 409, ['previousAt']),
  moveOtherSite: codedError('CT_MOVE_OTHER_SITE', 409, ['id', 'site']),
  moveSameUnit: codedError('CT_MOVE_SAME_UNIT', 409, ['id']),
  shipmentNotReceived: codedError('CT_SHIPMENT_NOT_RECEIVED', 409, ['id']),
  shipmentUnitUnknown: codedError('CT_SHIPMENT_UNIT_UNKNOWN', 400, ['id']),
  storageLimitRequired: codedError('CT_STORAGE_LIMIT_REQUIRED', 400),
  notAThawDevice: codedError('CT_NOT_A_THAW_DEVICE', 400, ['id']),
  identifierMismatch: codedError('CT_PRODUCT_IDENTIFIER_MISMATCH', 409, ['id', 'productId']),
  patientCodeRefused: codedError('CT_PATIENT_CODE_REFUSED', 400),
  infusionRefused: codedError('CT_INFUSION_REFUSED', 409, ['id']),
};
