// The steward's form for a registered feed: its name, address, format, the area it covers and how often to sync it.
import { z } from 'zod';
import { FEED_FORMATS, FEED_INTERVALS } from '../../services/feeds.js';
import { filledIn } from './form-state.js';

const text = z.string().catch('');
const FORMAT_CODES: readonly string[] = FEED_FORMATS.map((format) => format.code);
const HOURS: readonly string[] = FEED_INTERVALS.map((interval) => String(interval.hours));

/** What was typed, kept as typed so a page with errors shows it again. */
export const feedFormValues = z.object({
  name: text,
  url: text,
  format: text,
  covers: text,
  every: text,
});
export type FeedFormValues = z.output<typeof feedFormValues>;

/** An address the sync can read: http or https, with a host. */
const feedAddress = (value: string) => {
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
};

export const feedForm = z.object({
  name: filledIn('Enter the name of the feed, as people should see it')
    .max(200, 'Name must be 200 characters or fewer')
    .transform((v) => v.trim()),
  url: filledIn('Enter the address of the feed')
    .max(2000, 'Address must be 2,000 characters or fewer')
    .refine(feedAddress, 'Enter the full address of the feed, starting with https:// or http://')
    // The crawl keeps its state by the address without a trailing slash.
    .transform((v) => v.trim().replace(/\/+$/, '')),
  format: z.string().refine((v) => FORMAT_CODES.includes(v), 'Select the kind of feed'),
  covers: z
    .string()
    .max(2000, 'Areas must be 2,000 characters or fewer')
    .transform((v) =>
      v
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .refine((places) => places.length <= 20, 'Name 20 areas or fewer'),
  every: z
    .string()
    .refine((v) => HOURS.includes(v), 'Select how often to sync the feed')
    .transform(Number),
});
export type FeedForm = z.output<typeof feedForm>;

/** The form's values for a feed already registered. */
export const feedValues = (feed: {
  name: string;
  url: string;
  format: string;
  covers: string[];
  everyHours: number;
}): FeedFormValues => ({
  name: feed.name,
  url: feed.url,
  format: feed.format,
  covers: feed.covers.join('\n'),
  every: String(feed.everyHours),
});

/** The error summary's link for each group of choices: its first radio. */
export const FEED_FORM_TARGETS = { format: '#format-oruk', every: '#every-6' };
