// Schedules as data: HSDS schedule rows read as rules, expanded into sessions and described in words.
export type { Occurrence } from './expand.js';
export { expandSchedule, nextOccurrences } from './expand.js';
export { describeSchedule, describeTimes } from './describe.js';
export { scheduleRule, type ScheduleFields } from './fields.js';
export {
  DEFAULT_TIMEZONE,
  parseByday,
  parseBymonthday,
  validateRule,
  WEEKDAY_LIST,
  type ScheduleRule,
  type Weekday,
} from './rule.js';
