// Every import format, by the name given to --format.
import type { ImportFormatHandler } from './import-format.js';
import { hsdsFormat } from './hsds-format.js';
import { placesFormat } from './places-format.js';

export const importFormats: Record<string, ImportFormatHandler> = {
  [hsdsFormat.name]: hsdsFormat,
  [placesFormat.name]: placesFormat,
};
