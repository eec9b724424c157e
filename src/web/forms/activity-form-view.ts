// What the activity editor page needs: the form as typed, the option lists with choices ticked, a preview.
import { WEEK_OF_MONTH_OPTIONS, WEEKDAY_OPTIONS } from '../../domain/schedule/builder.js';
import { vocabulary } from '../../domain/vocabulary.js';
import { NEWCOMER_CODES, type ActivityForm } from '../../services/activity-document.js';
import { formState, type FormError } from './form-state.js';

const choices = (options: { code: string; name: string }[], chosen: string[]) =>
  options.map((o) => ({ code: o.code, name: o.name, checked: chosen.includes(o.code) }));

export function activityFormView(
  form: ActivityForm,
  errors: FormError[],
  preview: { wording: string[]; nextDates: { start: Date; end: Date | null }[] } | null,
) {
  const suitability = vocabulary('suitability').terms;
  return {
    form: formState(form, errors),
    needOptions: choices(vocabulary('needs').terms, form.needs),
    suitabilityOptions: choices(
      suitability.filter((t) => !NEWCOMER_CODES.includes(t.code)),
      form.suitability,
    ),
    newcomerOptions: choices(
      suitability.filter((t) => NEWCOMER_CODES.includes(t.code)),
      form.newcomer,
    ),
    dayOptions: choices(WEEKDAY_OPTIONS, form.days),
    singleDayOptions: choices(WEEKDAY_OPTIONS, [form.day]),
    weekOfMonthOptions: choices(WEEK_OF_MONTH_OPTIONS, [form.weekOfMonth]),
    whereOptions: choices(
      [
        { code: 'venue', name: 'At a venue' },
        { code: 'online', name: 'Online' },
        {
          code: 'area',
          name: 'Across an area (for example, home visits or walks that start in different places)',
        },
      ],
      [form.whereKind],
    ),
    patternOptions: choices(
      [
        { code: 'weekly', name: 'Every week' },
        { code: 'fortnightly', name: 'Every other week' },
        { code: 'monthly', name: 'Once a month, on a particular day (like the first Tuesday)' },
        { code: 'dates', name: 'On particular dates' },
      ],
      [form.pattern],
    ),
    costOptions: choices(
      [
        { code: 'free', name: 'Free' },
        { code: 'paid', name: 'There is a cost' },
      ],
      [form.costKind],
    ),
    capacityOptions: choices(
      [
        { code: 'spaces', name: 'Spaces available' },
        { code: 'full', name: 'Full' },
        { code: 'waiting_list', name: 'Waiting list' },
      ],
      [form.capacity],
    ),
    preview,
  };
}
