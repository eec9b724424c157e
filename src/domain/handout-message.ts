// A handout sent to the person a link worker is helping, by email or text message: who it may go to, what it
// says, and the masked form of the address or number that is all the directory keeps once its fate is known.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import { looksLikeEmail } from './email-address.js';

export type MessageChannel = 'email' | 'sms';

/**
 * waiting: not yet handed on (no SMTP or Notify key, or Notify could not be reached); sending: Notify has it;
 * sent: handed to the mail server (mail gives no receipt) or sent abroad; the rest are Notify's final statuses.
 */
export const MESSAGE_STATUSES = [
  'waiting',
  'sending',
  'sent',
  'delivered',
  'failed',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Statuses after which nothing more will be learnt, so the full address or number is no longer kept. */
export const FINAL_STATUSES: readonly MessageStatus[] = [
  'sent',
  'delivered',
  'failed',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
];

export const isFinal = (status: MessageStatus) => FINAL_STATUSES.includes(status);

/** Notify's statuses for a text message, as this directory records them. */
export function statusFromNotify(status: string): MessageStatus {
  if (status === 'created' || status === 'sending' || status === 'pending') return 'sending';
  if ((MESSAGE_STATUSES as readonly string[]).includes(status)) return status as MessageStatus;
  return 'sending';
}

/** A message not handed on within this many days is given up, and its address or number masked. */
export const MESSAGE_WAIT_DAYS = 7;
/** Notify keeps trying a text for up to 72 hours; past this without a final status, it is recorded as failed. */
export const DELIVERY_WAIT_HOURS = 96;

const TEST_RANGE = '+447700900';

export type Recipient = { channel: 'email'; address: string } | { channel: 'sms'; number: string };

export type RecipientCheck = { ok: true; recipient: Recipient } | { ok: false; message: string };

/** What was typed in "Email address or UK mobile number", or why it will not do. */
export function readRecipient(typed: string): RecipientCheck {
  const value = typed.trim();
  if (!value) return { ok: false, message: 'Enter an email address or a UK mobile number' };
  if (value.includes('@')) {
    if (value.length > 254 || !looksLikeEmail(value))
      return { ok: false, message: 'Enter an email address in the correct format, like name@example.com' };
    return { ok: true, recipient: { channel: 'email', address: value } };
  }
  const phone = parsePhoneNumberFromString(value, 'GB');
  // Ofcom keeps 07700 900000 to 900999 for drama and testing (GOV.UK Notify's test numbers are among them).
  if (phone?.number.startsWith(TEST_RANGE) && phone.number.length === 13)
    return { ok: true, recipient: { channel: 'sms', number: phone.number } };
  if (!phone || !phone.isValid() || phone.country !== 'GB')
    return {
      ok: false,
      message: 'Enter a UK mobile number, like 07700 900 982, or an email address like name@example.com',
    };
  const type = phone.getType();
  if (type !== 'MOBILE' && type !== undefined)
    return { ok: false, message: 'Enter a mobile number: a text message cannot be sent to a landline' };
  return { ok: true, recipient: { channel: 'sms', number: phone.number } };
}

/** "07*** ***982": enough for the person sending to recognise it, not enough to text it. */
export function maskNumber(e164: string): string {
  const national = e164.startsWith('+44') ? `0${e164.slice(3)}` : e164;
  return `${national.slice(0, 2)}*** ***${national.slice(-3)}`;
}

/** "n***@example.org": the first letter and the domain. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

export const maskRecipient = (recipient: Recipient) =>
  recipient.channel === 'email' ? maskAddress(recipient.address) : maskNumber(recipient.number);

/**
 * The text message template to create in GOV.UK Notify: the link goes in as personalisation. Kept short: one
 * UK text message is 160 characters, and the link is about 60.
 */
export const SMS_TEMPLATE = 'Your link worker has sent you the activities you talked about: ((link))';

export const smsPersonalisation = (link: string) => ({ link });

/** The text as Notify makes it from the template: what the person reads, and what stewards see while it waits. */
export const smsText = (link: string) => SMS_TEMPLATE.replace('((link))', link);

/** One activity as the email lists it. */
export interface MailedActivity {
  name: string;
  nextSession: { start: Date; end: Date | null } | null;
  address: string | null;
}

export const HANDOUT_MAIL_SUBJECT = 'Activities your link worker suggested';

/** "Tuesday 9 December, 10am to 11:30am", in London time. */
export function sessionWording(start: Date, end: Date | null): string {
  const time = (at: DateTime) => at.toFormat(at.minute === 0 ? 'ha' : 'h:mma').toLowerCase();
  const from = DateTime.fromJSDate(start, { zone: 'Europe/London' });
  const day = from.toFormat('cccc d MMMM');
  if (!end) return `${day}, ${time(from)}`;
  return `${day}, ${time(from)} to ${time(DateTime.fromJSDate(end, { zone: 'Europe/London' }))}`;
}

/** The email: each activity's name, next session and address, then the link to the full handout. */
export function handoutMailBody(activities: MailedActivity[], link: string, expiresOn: string): string {
  const lines = ['Here are the activities you talked about with your link worker.', ''];
  for (const activity of activities) {
    lines.push(activity.name);
    lines.push(
      activity.nextSession
        ? `Next session: ${sessionWording(activity.nextSession.start, activity.nextSession.end)}`
        : 'Next session: contact the group for dates and times',
    );
    if (activity.address) lines.push(`Where: ${activity.address}`);
    lines.push('');
  }
  const until = DateTime.fromISO(expiresOn, { zone: 'Europe/London' }).toFormat('d MMMM yyyy');
  lines.push(
    'Dates can change. Open this link for the full details, the latest dates and to add them to your calendar:',
    link,
    '',
    `The link works until ${until}.`,
    '',
    'You are getting this email because you asked your link worker to send it. Nothing more will be sent.',
  );
  return lines.join('\n');
}
