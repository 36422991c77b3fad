import createError from '@fastify/error';

/**
 * Errors of the product's journey (issue 16), declared once. The text a person reads comes from
 * services/domain/messages/journey.ts by code.
 */
export const JourneyErrors = {
  productNotFound: createError<'CT_PRODUCT_NOT_FOUND', 404, [string]>(
    'CT_PRODUCT_NOT_FOUND',
    "product '%s' not found",
    404,
  ),
  stepNotAllowed: createError<'CT_STEP_NOT_ALLOWED', 409, [string, string]>(
    'CT_STEP_NOT_ALLOWED',
    "'%s' is not allowed while the product is '%s'",
    409,
  ),
  stepOutOfOrder: createError<'CT_STEP_OUT_OF_ORDER', 409, [string]>(
    'CT_STEP_OUT_OF_ORDER',
    "the step's time is before the product's previous step at '%s'",
    409,
  ),
  moveOtherSite: createError<'CT_MOVE_OTHER_SITE', 409, [string, string]>(
    'CT_MOVE_OTHER_SITE',
    "unit '%s' is not at the product's site '%s': take the product out for transfer instead",
    409,
  ),
  moveSameUnit: createError<'CT_MOVE_SAME_UNIT', 409, [string]>(
    'CT_MOVE_SAME_UNIT',
    "the product is already in unit '%s'",
    409,
  ),
  shipmentNotReceived: createError<'CT_SHIPMENT_NOT_RECEIVED', 409, [string]>(
    'CT_SHIPMENT_NOT_RECEIVED',
    "shipment '%s' has no receipt yet: record the receipt before storing its product",
    409,
  ),
  shipmentUnitUnknown: createError<'CT_SHIPMENT_UNIT_UNKNOWN', 400, [string]>(
    'CT_SHIPMENT_UNIT_UNKNOWN',
    "unit '%s' is not one the shipment's label names",
    400,
  ),
  storageLimitRequired: createError<'CT_STORAGE_LIMIT_REQUIRED', 400, []>(
    'CT_STORAGE_LIMIT_REQUIRED',
    'storageLimitDays is needed: the body does not give it and the profile states none (7.7)',
    400,
  ),
  notAThawDevice: createError<'CT_NOT_A_THAW_DEVICE', 400, [string]>(
    'CT_NOT_A_THAW_DEVICE',
    "device '%s' is not a registered thaw_device",
    400,
  ),
  identifierMismatch: createError<'CT_PRODUCT_IDENTIFIER_MISMATCH', 409, [string, string]>(
    'CT_PRODUCT_IDENTIFIER_MISMATCH',
    "the identifier scanned at the bedside '%s' is not product '%s' or one of its units (8.2.6, 10.7)",
    409,
  ),
  patientCodeRefused: createError<'CT_PATIENT_CODE_REFUSED', 400, []>(
    'CT_PATIENT_CODE_REFUSED',
    "patientCode must be the hospital system's opaque code (letters, digits . _ : - with at least one digit), never a name (7.6)",
    400,
  ),
  infusionRefused: createError<'CT_INFUSION_REFUSED', 409, [string]>(
    'CT_INFUSION_REFUSED',
    'do not use (7.8 overtime handling): %s; the refusal is on the product timeline',
    409,
  ),
};
