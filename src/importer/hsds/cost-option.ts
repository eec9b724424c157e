// HSDS cost_option → cost option rows.
import { z } from 'zod';
import { date, decimal, optionalId, text } from '../fields.js';
import type { CostOptionRow } from '../listing.js';
import { orNull, partId } from './service-parts.js';

export const hsdsCostOption = z.object({
  id: optionalId,
  valid_from: date.optional(),
  valid_to: date.optional(),
  option: text.optional(),
  currency: text.optional(),
  amount: decimal.optional(),
  amount_description: text.optional(),
});

export function costOptionRows(
  costs: z.infer<typeof hsdsCostOption>[] | undefined,
  serviceId: string,
): CostOptionRow[] {
  return (costs ?? []).map((c, i) => ({
    id: partId(serviceId, c.id, 'cost', i),
    service_id: serviceId,
    valid_from: orNull(c.valid_from),
    valid_to: orNull(c.valid_to),
    option: orNull(c.option),
    currency: orNull(c.currency),
    amount: orNull(c.amount),
    amount_description: orNull(c.amount_description),
  }));
}
