import type { ProductItemInput, ShipmentItemInput, StoredItemInput } from '../../domain/contract.js';
import { JourneyErrors } from '../../store/sql/journey-errors.js';
import type { ProductToStore } from '../../store/sql/products-repo.js';
import type { RecordsStore } from '../../store/sql/records-store.js';

type ItemBody = StoredItemInput | ProductItemInput | ShipmentItemInput;

/**
 * What a `POST /storage-units/:id/items` body stores (issue 16): a product named on its label, a
 * received shipment's product (name, batch, cell type, quantity from the shipment; the profile
 * version the shipment was sent under), or the v1 text. The storage limit comes from the body or
 * else the profile (7.7).
 */
export async function productToStore(
  records: RecordsStore,
  body: ItemBody,
  nowMs: number,
): Promise<ProductToStore> {
  const storedAtMs = body.storedAt ? Date.parse(body.storedAt) : nowMs;
  if ('shipmentId' in body) {
    const s = await records.shipments.get(body.shipmentId);
    if (!(await records.shipments.receiptOf(body.shipmentId)))
      throw new JourneyErrors.shipmentNotReceived(body.shipmentId);
    const profile = (await records.profiles.get(s.shipment.profileId, s.profileVersion)).profile;
    const days = body.storageLimitDays ?? profile.storageLimitDays;
    if (days === undefined) throw new JourneyErrors.storageLimitRequired();
    const { name, cellType, batch, quantity } = s.shipment.product;
    return {
      id: body.id,
      product: {
        name,
        batch,
        cellType,
        quantity: body.unitId ? 1 : quantity,
        ...(body.unitId && { unitIds: [body.unitId] }),
        ...(body.collectionId && { collectionId: body.collectionId }),
      },
      shipmentId: body.shipmentId,
      profileId: s.shipment.profileId,
      profileVersion: s.profileVersion,
      storedAtMs,
      storageLimitDays: days,
    };
  }
  if (typeof body.product === 'string') {
    // contract v1: `product` as text, storageLimitDays required
    const v1 = body as StoredItemInput;
    return { id: v1.id, product: { name: v1.product }, storedAtMs, storageLimitDays: v1.storageLimitDays };
  }
  const b = body as ProductItemInput;
  const stored = b.profileId ? await records.profiles.get(b.profileId) : undefined;
  const days = b.storageLimitDays ?? stored?.profile.storageLimitDays;
  if (days === undefined) throw new JourneyErrors.storageLimitRequired();
  return {
    id: b.id,
    product: b.product,
    profileId: stored?.profile.id,
    profileVersion: stored?.version,
    storedAtMs,
    storageLimitDays: days,
  };
}
