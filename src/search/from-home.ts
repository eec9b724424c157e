// The ways an activity can be joined from home, read the same way by both engines: online (a virtual venue or
// only online sessions), by telephone (a session attended by phone), or a visit at home (sessions in person, a
// service area, and no venue to go to).
import type { HomeWay } from './engine.js';

/** SQL for the ways (a text[] of HomeWay codes) of the service aliased `service`, which has `is_online`. */
export function homeWaysSql(service: string): string {
  const attended = (pattern: string) =>
    `EXISTS (SELECT 1 FROM schedule hw_sc WHERE hw_sc.service_id = ${service}.id
      AND hw_sc.attending_type ILIKE '${pattern}')`;
  const visited = `(EXISTS (SELECT 1 FROM service_area hw_sa WHERE hw_sa.service_id = ${service}.id)
    AND NOT EXISTS (SELECT 1 FROM service_at_location hw_sal JOIN location hw_l ON hw_l.id = hw_sal.location_id
      WHERE hw_sal.service_id = ${service}.id AND hw_l.location_type = 'physical')
    AND (${attended('%person%')} OR ${attended('%home%')}))`;
  const ways: Record<HomeWay, string> = {
    online: `${service}.is_online`,
    phone: attended('%phone%'),
    visit: visited,
  };
  return `array_remove(ARRAY[${Object.entries(ways)
    .map(([code, condition]) => `CASE WHEN ${condition} THEN '${code}' END`)
    .join(', ')}], NULL)`;
}
