// What the activity editor page needs: the form as typed, the option lists with choices ticked, a preview.
import { WEEK_OF_MONTH_OPTIONS, WEEKDAY_OPTIONS } from '../../domain/schedule/builder.js';
import { vocabulary } from '../../domain/vocabulary.js';
import { NEWCOMER_CODES, type ActivityForm } from '../../services/activity-document.js';
import { choiceItems, firstInput, formState, type FormError } from './form-state.js';

type Option = { code: string; name: string };

const DATE_FIELDS = ['firstDate', 'startDate', 'endDate'];

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
  // A problem with a group of choices links to its first box; with a date, to its day box.
  const targets: Record<string, string | null> = {
    ...Object.fromEntries(Object.entries(groups).map(([name, items]) => [name, firstInput(items)])),
    ...Object.fromEntries(DATE_FIELDS.map((name) => [name, `#field-${name}-day`])),
  };
  // The questions each choice brings up (an inline partial of the page), shown under its radio.
  const revealing = <T extends { code: string }>(items: T[], parts: Record<string, string>) =>
    items.map((item) => ({ ...item, reveal: parts[item.code] ?? null }));
  return {
    form: formState(form, errors, targets),
    needOptions: groups.needs,
    suitabilityOptions: groups.suitability,
    newcomerOptions: groups.newcomer,
    dayOptions: groups.days,
    whereOptions: revealing(groups.whereKind, {
      venue: 'where-venue',
      online: 'where-online',
      area: 'where-area',
    }),
    patternOptions: revealing(groups.pattern, {
      weekly: 'when-weekly',
      fortnightly: 'when-fortnightly',
      monthly: 'when-monthly',
      dates: 'when-dates',
    }),
    costOptions: revealing(groups.costKind, { paid: 'cost-paid' }),
    capacityOptions: groups.capacity,
    singleDayOptions: choiceItems('day', WEEKDAY_OPTIONS, [form.day]),
    weekOfMonthOptions: choiceItems('weekOfMonth', WEEK_OF_MONTH_OPTIONS, [form.weekOfMonth]),
    monthDayOptions: choiceItems('monthDay', WEEKDAY_OPTIONS, [form.monthDay]),
    // The optional dates are folded away unless one is given or has a problem.
    datesOpen:
      [form.startDate, form.endDate].some((d) => d.day || d.month || d.year) ||
      form.extraDates.trim() !== '' ||
      errors.some((e) => ['startDate', 'endDate', 'extraDates'].includes(e.field)),
    preview,
  };
}
