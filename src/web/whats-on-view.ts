// Turns "What's on" into what its template needs: day headings, session times, the choices checked.
import { DateTime } from 'luxon';
import type { NotLocated } from '../geo/locate.js';
import type { WhatsOn } from '../services/whats-on.js';
import { choiceItems, formState, type FormError } from './forms/form-state.js';
import { WHATS_ON_OPTIONS, type WhatsOnForm } from './forms/whats-on.js';
import { paths } from './paths.js';
import { radiusOptions } from './search-view.js';

const ZONE = 'Europe/London';
const clock = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat('HH:mm');

/** "10:00–11:30", "from 10:00", or '' for a session with no time of day. */
export function sessionTimes(start: Date, end: Date | null): string {
  const from = clock(start);
  if (from === '00:00' && !end) return '';
  return end ? `${from}–${clock(end)}` : `from ${from}`;
}

export function whatsOnFormView(form: WhatsOnForm, errors: FormError[]) {
  const whenOptions = choiceItems('when', WHATS_ON_OPTIONS, [form.when]);
  const state = formState({}, errors, { when: `#${whenOptions[0].id}` });
  return {
    ...form,
    errors: state.errors,
    errorFor: state.errorFor,
    whenOptions,
    radiusOptions: radiusOptions(form.radius),
  };
}

export function whatsOnDays(answer: WhatsOn) {
  return answer.days.map((day) => ({
    heading: DateTime.fromISO(day.date, { zone: ZONE }).toFormat('cccc d MMMM'),
    date: day.date,
    sessions: day.sessions.map((session) => ({
      ...session.activity,
      times: sessionTimes(session.start, session.end),
      startsAt: session.start.toISOString(),
    })),
  }));
}

/** "Did you mean" places as links that ask again with the place suggested and the same choices. */
export function whatsOnSuggestions(problem: NotLocated | null, form: WhatsOnForm) {
  return (problem?.suggestions ?? []).map((place) => ({
    place,
    href: `${paths.whatsOn}?${new URLSearchParams({ where: place, radius: String(form.radius), when: form.when })}`,
  }));
}
