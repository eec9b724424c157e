// What the activity editor page needs: the form as typed, the option lists with choices ticked, a preview.
import { WEEK_OF_MONTH_OPTIONS, WEEKDAY_OPTIONS } from '../../domain/schedule/builder.js';
import { vocabulary } from '../../domain/vocabulary.js';
import { NEWCOMER_CODES, type ActivityForm } from '../../services/activity-document.js';
import { choiceItems, firstInput, formState, type FormError } from './form-state.js';

type Option = { code: string; name: string };

export function activityFormView(
  form: ActivityForm,
  errors: FormError[],
  preview: { wording: string[]; nextDates: { start: Date; end: Date | null }[] } | null,
) {
  const suitability = vocabulary('suitability').terms;
  const terms = (list: readonly Option[]) => list.map(({ code, name }) => ({ code, name }));
  const groups = {
    needs: choiceItems('needs', terms(vocabulary('needs').terms), form.needs),
    suitability: choiceItems(
      'suitability',
      terms(suitability.filter((t) => !NEWCOMER_CODES.includes(t.code))),
      form.suitability,
    ),
    newcomer: choiceItems(
      'newcomer',
      terms(suitability.filter((t) => NEWCOMER_CODES.includes(t.code))),
      form.newcomer,
    ),
    days: choiceItems('days', WEEKDAY_OPTIONS, form.days),
    whereKind: choiceItems(
      'whereKind',
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
    pattern: choiceItems(
      'pattern',
      [
        { code: 'weekly', name: 'Every week' },
        { code: 'fortnightly', name: 'Every other week' },
        { code: 'monthly', name: 'Once a month, on a particular day (like the first Tuesday)' },
        { code: 'dates', name: 'On particular dates' },
      ],
      [form.pattern],
    ),
    costKind: choiceItems(
      'costKind',
      [
        { code: 'free', name: 'Free' },
        { code: 'paid', name: 'There is a cost' },
      ],
      [form.costKind],
    ),
    capacity: choiceItems(
      'capacity',
      [
        { code: 'spaces', name: 'Spaces available' },
        { code: 'full', name: 'Full' },
        { code: 'waiting_list', name: 'Waiting list' },
      ],
      [form.capacity],
    ),
  };
  // A problem with a group of choices links to its first box.
  const targets = Object.fromEntries(
    Object.entries(groups).map(([name, items]) => [name, firstInput(items)]),
  );
  return {
    form: formState(form, errors, targets),
    needOptions: groups.needs,
    suitabilityOptions: groups.suitability,
    newcomerOptions: groups.newcomer,
    dayOptions: groups.days,
    whereOptions: groups.whereKind,
    patternOptions: groups.pattern,
    costOptions: groups.costKind,
    capacityOptions: groups.capacity,
    singleDayOptions: choiceItems('day', WEEKDAY_OPTIONS, [form.day]),
    weekOfMonthOptions: choiceItems('weekOfMonth', WEEK_OF_MONTH_OPTIONS, [form.weekOfMonth]),
    preview,
  };
}
