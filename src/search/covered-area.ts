// The name a listing's covered area goes by in results, the same in both engines.

/** SQL for the first by name of the mapped service areas of the service aliased `service`. */
export function coveredAreaNameSql(service: string): string {
  return `(SELECT min(sa.name) FROM service_area sa WHERE sa.service_id = ${service}.id AND sa.area IS NOT NULL)`;
}
