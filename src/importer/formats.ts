// Every import format, by the name given to --format.
import type { ImportFormatHandler } from './import-format.js';
import { hsdsFormat } from './hsds-format.js';
import { placesFormat } from './places-format.js';
import { codepointFormat } from './codepoint-format.js';
import { outcodesFormat } from './outcodes-format.js';
import { geonamesFormat } from './geonames-format.js';
import { openActiveFormat } from './openactive-format.js';
import { orukV1Format } from './oruk-v1.js';
import { activityCsvFormat } from './activity-csv.js';
import { hsdsCsvFormat } from './hsds-csv.js';
import { orukFormat } from './crawl/oruk-format.js';

export const importFormats: Record<string, ImportFormatHandler> = {
  [hsdsFormat.name]: hsdsFormat,
  [placesFormat.name]: placesFormat,
  [codepointFormat.name]: codepointFormat,
  [outcodesFormat.name]: outcodesFormat,
  [geonamesFormat.name]: geonamesFormat,
  [openActiveFormat.name]: openActiveFormat,
  [orukV1Format.name]: orukV1Format,
  [activityCsvFormat.name]: activityCsvFormat,
  [hsdsCsvFormat.name]: hsdsCsvFormat,
  [orukFormat.name]: orukFormat,
};
