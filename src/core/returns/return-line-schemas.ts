import { z } from 'zod';
import { ID_PATTERN } from '../ids.ts';
import { limits } from '../limits.ts';
import { DISPOSITION_OUTCOMES, GRADES, PACKAGING_CONDITIONS } from './return-unit.ts';

/**
 * The line shapes of the returns API and events, one definition for both boundaries (HTTP bodies
 * and CloudEvents `data`), so a grade outside the list is refused the same way everywhere.
 */
const sku = z.string().min(1, 'sku must not be empty').max(limits.idLengthMax).regex(ID_PATTERN, 'sku may contain letters, digits and . _ : - only');
const serial = z.string().min(1, 'serial must not be empty').max(limits.idLengthMax);

export const returnIdSchema = z.string().min(1).max(limits.idLengthMax).regex(ID_PATTERN, 'returnId may contain letters, digits and . _ : - only');

/** `POST /v1/returns` lines: units of a SKU, with the serial of each unit for serialized items. */
export const returnRequestLineSchema = z.strictObject({
  sku,
  qty: z.number().int().positive().max(limits.returnUnitsMax),
  serials: z.array(serial).max(limits.returnUnitsMax).optional(),
});

/** One inspected unit. */
export const inspectionLineSchema = z.strictObject({
  sku,
  serial: serial.optional(),
  grade: z.enum(GRADES),
  packaging: z.enum(PACKAGING_CONDITIONS),
  notes: z.string().max(limits.textLengthMax).optional(),
});

/** One operator disposition of one unit. */
export const dispositionLineSchema = z.strictObject({ sku, serial: serial.optional(), outcome: z.enum(DISPOSITION_OUTCOMES) });

/** One refurbishment result: the unit is back to stock, or it could not be repaired. */
export const refurbishmentLineSchema = z.strictObject({ sku, serial: serial.optional(), outcome: z.enum(['restock', 'damaged']) });

const linesOf = <T extends z.ZodType>(line: T) => z.array(line).min(1, 'lines must list at least one unit').max(limits.returnUnitsMax);
export const inspectionLinesSchema = linesOf(inspectionLineSchema);
export const dispositionLinesSchema = linesOf(dispositionLineSchema);
export const refurbishmentLinesSchema = linesOf(refurbishmentLineSchema);
export const returnRequestLinesSchema = z.array(returnRequestLineSchema).min(1, 'lines must list at least one SKU').max(limits.orderLinesMax);
