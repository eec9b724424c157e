// Sends the handout to the person a link worker is helping: by email through the mail outbox, or by text message
// through GOV.UK Notify (sent by the handout-messages timed job). Each message carries a share link made as the
// shortlist page makes one. The full address or number is kept only until the delivery status is final.
import type { Stores } from '../db/stores.js';
import type { SharedHandoutOwner } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import {
  DELIVERY_WAIT_HOURS,
  HANDOUT_MAIL_SUBJECT,
  MESSAGE_WAIT_DAYS,
  handoutMailBody,
  isFinal,
  maskRecipient,
  smsPersonalisation,
  smsText,
  statusFromNotify,
  type MailedActivity,
  type MessageStatus,
  type Recipient,
} from '../domain/handout-message.js';
import type { Shortlist } from '../domain/shortlist.js';
import { logger } from '../logger.js';
import type { ActivityDetails } from './activity-details.js';
import type { Handouts, ShareLink } from './handouts.js';
import type { Mailer } from './mail.js';
import type { TextMessageSender } from './notify.js';

/** Tries to reach Notify before a text message is given up as failed. */
export const SEND_ATTEMPTS_MAX = 5;
const HOUR_MS = 60 * 60 * 1000;

export type SentHandout =
  | { ok: true; link: ShareLink; messageId: string; status: MessageStatus; masked: string }
  | { ok: false; message: string };

/** The first venue's name, street and postcode on one line; "Online" when the activity has no venue. */
function addressOf(activity: ActivityDetails): string | null {
  const venue = activity.locations.find((l) => l.type !== 'virtual');
  if (venue) return [venue.name, ...venue.address, venue.postcode].filter(Boolean).join(', ') || null;
  return activity.online ? 'Online' : null;
}

export function createHandoutMessages(
  stores: Pick<Stores, 'handoutMessages'>,
  handouts: Pick<Handouts, 'share' | 'handout'>,
  mailer: Pick<Mailer, 'send'>,
  sender: TextMessageSender | null,
  clock: Clock,
) {
  const messages = stores.handoutMessages;

  async function mailed(shortlist: Shortlist): Promise<MailedActivity[]> {
    const { items } = await handouts.handout(shortlist);
    return items.map(({ activity }) => ({
      name: activity.name,
      nextSession: activity.nextSessions[0] ?? null,
      address: addressOf(activity),
    }));
  }

  /** Hands waiting text messages to Notify; a refusal for good ends the message, anything else waits. */
  async function sendWaiting(client: TextMessageSender, now: Date) {
    let sent = 0;
    let failed = 0;
    for (const message of await messages.handoutMessagesIn('sms', 'waiting', 50)) {
      if (!message.recipient) continue;
      const outcome = await client.send(
        message.recipient,
        smsPersonalisation(message.shareLink),
        `handout-message-${message.id}`,
      );
      if (outcome.ok) {
        await messages.markHandoutMessageSending(message.id, outcome.value.id, now);
        sent += 1;
      } else if (outcome.retry && message.attempts + 1 < SEND_ATTEMPTS_MAX) {
        logger.warn(
          { messageId: message.id, error: outcome.error },
          'text message not sent; it will be tried again',
        );
        await messages.recordHandoutMessageAttempt(message.id, outcome.error, now);
      } else {
        logger.error({ messageId: message.id, error: outcome.error }, 'text message given up');
        await messages.finishHandoutMessage(message.id, 'failed', outcome.error, now);
        failed += 1;
      }
    }
    return { sent, failed };
  }

  /** Asks Notify how each text message it has is doing, and records the final ones. */
  async function pollSending(client: TextMessageSender, now: Date) {
    let finished = 0;
    for (const message of await messages.handoutMessagesIn('sms', 'sending', 100)) {
      if (!message.notifyId) continue;
      const outcome = await client.status(message.notifyId);
      if (!outcome.ok) continue;
      const status = statusFromNotify(outcome.value.status);
      if (!isFinal(status)) continue;
      await messages.finishHandoutMessage(message.id, status, null, now);
      finished += 1;
    }
    return finished;
  }

  return {
    /** Whether text messages go to GOV.UK Notify (NOTIFY_API_KEY), or wait in the stewards' mailbox. */
    notifyConfigured: sender !== null,

    /**
     * Makes a share link of the shortlist (as "Make a share link" does, so it is listed with the owner's links and
     * can be stopped) and sends it: an email at once through the mail outbox, a text message on the job's next run.
     */
    async send(
      shortlist: Shortlist,
      owner: SharedHandoutOwner,
      recipient: Recipient,
      now = clock.now(),
    ): Promise<SentHandout> {
      const made = await handouts.share(shortlist, owner, now);
      if (!made.ok) return made;
      const { link } = made;
      const masked = maskRecipient(recipient);
      if (recipient.channel === 'sms') {
        const messageId = await messages.insertHandoutMessage({
          channel: 'sms',
          recipient: recipient.number,
          recipientMasked: masked,
          body: smsText(link.url),
          shareLink: link.url,
          mailId: null,
          at: now,
        });
        return { ok: true, link, messageId, status: 'waiting', masked };
      }
      const body = handoutMailBody(await mailed(shortlist), link.url, link.expiresOn);
      const mailId = await mailer.send(recipient.address, HANDOUT_MAIL_SUBJECT, body);
      const messageId = await messages.insertHandoutMessage({
        channel: 'email',
        recipient: recipient.address,
        recipientMasked: masked,
        body,
        shareLink: link.url,
        mailId,
        at: now,
      });
      // Mail gives no receipt: accepted by the mail server is as final as it gets, and so is a refusal.
      const outcome = await messages.mailOutcome(mailId);
      let status: MessageStatus = 'waiting';
      if (outcome?.sentAt) status = 'sent';
      else if (outcome?.error) status = 'failed';
      if (status !== 'waiting')
        await messages.finishHandoutMessage(messageId, status, outcome?.error ?? null, now);
      return { ok: true, link, messageId, status, masked };
    },

    /**
     * The timed job's run: sends waiting text messages, reads the status of those Notify has, and gives up (and masks)
     * any message still waiting after 7 days, or without a final status 96 hours after Notify took it.
     */
    async deliver(now = clock.now()) {
      const counts = { sent: 0, failed: 0, finished: 0, givenUp: 0 };
      if (sender) {
        const handed = await sendWaiting(sender, now);
        counts.sent = handed.sent;
        counts.failed = handed.failed;
        counts.finished = await pollSending(sender, now);
      }
      const overdue = await messages.overdueHandoutMessages(
        new Date(now.getTime() - MESSAGE_WAIT_DAYS * 24 * HOUR_MS),
        new Date(now.getTime() - DELIVERY_WAIT_HOURS * HOUR_MS),
      );
      for (const { id, status } of overdue) {
        const why =
          status === 'waiting'
            ? `not sent within ${MESSAGE_WAIT_DAYS} days`
            : `no delivery status within ${DELIVERY_WAIT_HOURS} hours`;
        await messages.finishHandoutMessage(id, 'failed', why, now);
        counts.givenUp += 1;
      }
      return counts;
    },

    /** The newest text messages with their status and masked number, for the stewards' mailbox. */
    textMessages: (limit = 50) => messages.recentHandoutMessages('sms', limit),
  };
}

export type HandoutMessages = ReturnType<typeof createHandoutMessages>;
