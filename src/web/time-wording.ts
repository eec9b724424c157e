// When something happened, written as GOV.UK pages write it: "3:05pm on 4 December 2026", in London time.
import { DateTime } from 'luxon';

export function timeOnDate(at: Date): string {
  const when = DateTime.fromJSDate(at, { zone: 'Europe/London' });
  const time =
    when.minute === 0 && when.hour === 0
      ? 'midnight'
      : when.minute === 0 && when.hour === 12
        ? 'midday'
        : when.toFormat(when.minute === 0 ? 'ha' : 'h:mma').toLowerCase();
  return `${time} on ${when.toFormat('d MMMM yyyy')}`;
}
