// The activity editor's form: read from the posted body (or a stored draft) as typed, then checked rule by rule,
// every problem named with its field and all of them shown at once.
import { z } from 'zod';
import { looksLikeEmail } from '../../domain/email-address.js';
import type { FormError } from '../../domain/form-error.js';
import { LINK_RULE, safeLink } from '../../domain/links.js';
import { buildSchedules, dateTyped, type ScheduleChoice } from '../../domain/schedule/builder.js';
import { termByCode } from '../../domain/vocabulary.js';
import {
  CAPACITY_OPTIONS,
  emptyActivityForm,
  type ActivityForm,
  type CheckedActivity,
} from '../../services/activity-document.js';
import { filledIn, issuesToErrors, type Checked } from './form-state.js';

export { emptyActivityForm, type ActivityForm } from '../../services/activity-document.js';

const EMPTY = emptyActivityForm();

// Text as typed, with line ends as one character (browsers send CRLF); anything that is not text is empty.
const typed = (fallback: string) =>
  z
    .string()
    .transform((value) => value.replace(/\r\n/g, '\n'))
    .catch(fallback);
// Ticked boxes: one arrives as a string, several as an array.
const ticked = z
  .union([
    z.string().transform((value) => [value]),
    z.array(z.unknown()).transform((values) => values.filter((v): v is string => typeof v === 'string')),
  ])
  .catch([]);

// A date input's boxes (day, month, year), or a 'YYYY-MM-DD' string as forms stored before it hold.
const dateBoxes = z.unknown().optional().transform(dateTyped);

const fields = z.object(
  Object.fromEntries(
    Object.entries(EMPTY).map(([name, empty]) => [
      name,
      Array.isArray(empty) ? ticked : typeof empty === 'object' ? dateBoxes : typed(empty as string),
    ]),
  ),
) as unknown as z.ZodType<ActivityForm>;

/** The editor's fields from a posted form body (or a stored draft), as strings and lists of strings. */
export function readActivityForm(body: unknown): ActivityForm {
  const given = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const form = fields.parse(given);
  // Forms stored before the monthly day had its own field kept it in `day`.
  if (!('monthDay' in given) && form.pattern === 'monthly') form.monthDay = form.day;
  return form;
}

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
type Point = { latitude: number; longitude: number };

const limited = (label: string, limit: number) =>
  z.string().max(limit, `${label} must be ${limit.toLocaleString('en-GB')} characters or fewer`);
const optional = (rule: (value: string) => boolean, message: string) =>
  z.string().refine((value) => !value.trim() || rule(value), message);

const limits = z.object({
  name: limited('Name', 120),
  description: limited('Description', 5000),
  venueName: limited('Venue name', 200),
  address1: limited('Street address', 200),
  town: limited('Town', 100),
  postcode: limited('Postcode', 10),
  onlineUrl: limited('Joining link', 500),
  areaName: limited('Area', 200),
  costAmount: limited('Cost', 10),
  costDescription: limited('Cost details', 300),
  accessibility: limited('Accessibility', 1000),
  contactName: limited('Contact name', 120),
  contactEmail: limited('Contact email', 254),
  contactPhone: limited('Contact phone', 40),
  bookingUrl: limited('Booking link', 500),
  howToJoin: limited('How to join', 1000),
  dates: limited('Dates', 2000),
  extraDates: limited('Extra dates', 2000),
});

const required = z.object({
  name: filledIn('Enter the name of the activity'),
  description: filledIn('Describe the activity in a sentence or two'),
});

/** The first code not in the list is named; the boxes only offer listed ones, so this is a tampered form. */
const chosen = z
  .object({ needs: z.array(z.string()), suitability: z.array(z.string()), newcomer: z.array(z.string()) })
  .superRefine(({ needs, suitability, newcomer }, context) => {
    const need = needs.find((c) => !termByCode('needs', c));
    if (need)
      context.addIssue({
        code: 'custom',
        path: ['needs'],
        message: `"${need}" is not one of the needs listed`,
      });
    const suit = [...suitability, ...newcomer].find((c) => !termByCode('suitability', c));
    if (suit)
      context.addIssue({
        code: 'custom',
        path: ['suitability'],
        message: `"${suit}" is not one of the options listed`,
      });
  });

/** Where it happens; a venue's postcode has been looked up (`venue`: its point, or null when not found). */
const where = z.discriminatedUnion(
  'whereKind',
  [
    z
      .object({
        whereKind: z.literal('venue'),
        venueName: z.string(),
        address1: z.string(),
        postcode: z.string(),
        venue: z.custom<Point | null | undefined>(),
      })
      .superRefine(({ venueName, address1, postcode, venue }, context) => {
        const problem = (path: string, message: string) =>
          context.addIssue({ code: 'custom', path: [path], message });
        if (!venueName.trim() && !address1.trim())
          problem('venueName', 'Enter the name of the venue or its street address');
        if (!postcode.trim()) problem('postcode', 'Enter the postcode of the venue, like BS5 6XX');
        else if (!POSTCODE.test(postcode.trim()))
          problem('postcode', 'Enter a full UK postcode, like BS5 6XX');
        else if (!venue)
          problem(
            'postcode',
            `We could not find the postcode ${postcode.trim().toUpperCase()}. Check it is right.`,
          );
      }),
    z.object({
      whereKind: z.literal('online'),
      onlineUrl: optional((url) => safeLink(url) !== null, `Joining link must be ${LINK_RULE}`),
    }),
    z.object({
      whereKind: z.literal('area'),
      areaName: filledIn('Enter the area it covers, like "East Bristol"'),
    }),
  ],
  { error: () => 'Choose where it happens: at a venue, online, or across an area' },
);

const schedules = z.custom<ScheduleChoice>().transform((choice, context) => {
  const built = buildSchedules(choice);
  for (const { field, message } of built.problems)
    context.addIssue({ code: 'custom', path: [field], message });
  return built.schedules;
});

const cost = z.discriminatedUnion(
  'costKind',
  [
    z.object({ costKind: z.literal('free') }).transform(() => null),
    z.object({ costKind: z.literal('paid'), costAmount: z.string() }).transform(({ costAmount }, context) => {
      const pounds = costAmount.trim().replace(/^£/, '');
      const amount = Number(pounds);
      if (pounds && Number.isFinite(amount) && amount > 0 && amount <= 10000) return amount;
      context.addIssue({
        code: 'custom',
        path: ['costAmount'],
        message: 'Enter the cost in pounds, like 3 or 2.50',
      });
      return z.NEVER;
    }),
  ],
  { error: () => 'Choose whether it is free or costs money' },
);

const contact = z.object({
  contactEmail: optional(
    (email) => looksLikeEmail(email.trim()),
    'Enter an email address in the correct format, like name@example.com',
  ),
  contactPhone: optional(
    (phone) => /^[\d\s()+-]{6,40}$/.test(phone.trim()),
    'Enter a phone number using digits and spaces, like 0117 496 0000',
  ),
  bookingUrl: optional((url) => safeLink(url) !== null, `Booking link must be ${LINK_RULE}`),
  capacity: z.enum(CAPACITY_OPTIONS, {
    error: 'Choose whether there are spaces, it is full, or there is a waiting list',
  }),
});

/**
 * Checks every rule, in the order the problems are listed; the venue's postcode is looked up first (only when it
 * is written like one) with `findPostcode`, so that an unknown one is reported with everything else. `first`, as
 * for readForm: a problem with the person, said alone.
 */
export async function checkActivityForm(
  form: ActivityForm,
  findPostcode: (postcode: string) => Promise<Point | null>,
  first: FormError[] = [],
): Promise<Checked<CheckedActivity>> {
  if (first.length) return { ok: false, errors: first };
  const venue =
    form.whereKind === 'venue' && POSTCODE.test(form.postcode.trim())
      ? await findPostcode(form.postcode)
      : undefined;
  const errors: FormError[] = [];
  const run = <T>(schema: z.ZodType<T>, input: unknown): T | undefined => {
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    errors.push(...issuesToErrors(parsed.error));
    return undefined;
  };
  run(limits, form);
  run(required, form);
  run(chosen, form);
  run(where, { ...form, venue });
  const built = run(schedules, form);
  const amount = run(cost, form);
  run(contact, form);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { form, venue: venue ?? null, schedules: built!, amount: amount ?? null },
    errors: [],
  };
}
