// Whether a listing's times were read from its description and nobody has confirmed them yet: one SQL test, for
// both engines' results (labelled "Times taken from the description").

/** SQL true when the service aliased `s` has a schedule proposed from its description. */
export function timesFromDescriptionSql(s: string): string {
  return `EXISTS (SELECT 1 FROM schedule sc WHERE sc.service_id = ${s}.id AND sc.from_description IS NOT NULL)`;
}
