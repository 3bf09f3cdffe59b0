import { z } from 'zod';

import { zId, zName, zPageQuery, zTimestamp, zVersion } from './common';

/** A product line of the company's own catalogue (targets and opportunities refer to it). */
export const zProductLine = z.object({
  id: zId,
  name: z.string(),
  code: z.string().nullable(),
  active: z.boolean(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
  version: zVersion,
});
export type ProductLine = z.infer<typeof zProductLine>;

const productFields = {
  name: zName,
  code: z.string().trim().min(1).max(50).nullable(),
  active: z.boolean(),
};

export const zCreateProductLineRequest = z.strictObject({
  name: productFields.name,
  code: productFields.code.default(null),
  active: productFields.active.default(true),
});
export type CreateProductLineRequest = z.infer<typeof zCreateProductLineRequest>;

export const zUpdateProductLineRequest = z
  .strictObject(productFields)
  .partial()
  .extend({ version: zVersion });
export type UpdateProductLineRequest = z.infer<typeof zUpdateProductLineRequest>;

export const zProductLineListQuery = zPageQuery.extend({ active: z.enum(['true', 'false']).optional() });
