// Feedback from the contact page: anyone may send it, and it waits in the steward queue until handled.
import type { Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';

/** What feedback can be about, as the contact form offers it. */
export const FEEDBACK_TOPICS = [
  { code: 'listing', name: 'A listing or activity' },
  { code: 'accessibility', name: 'Accessibility of this website' },
  { code: 'privacy', name: 'Privacy or your information' },
  { code: 'website', name: 'Something else about this website' },
] as const;

export type FeedbackTopic = (typeof FEEDBACK_TOPICS)[number]['code'];

export const feedbackTopicName = (code: string): string =>
  FEEDBACK_TOPICS.find((topic) => topic.code === code)?.name ?? code;

export function createFeedback(stores: Stores) {
  return {
    async sendFeedback(feedback: {
      topic: FeedbackTopic;
      message: string;
      replyEmail: string | null;
    }): Promise<string> {
      const id = await stores.feedback.insertFeedback(feedback);
      await stores.audit.recordAudit({
        user: null,
        actor: 'public feedback',
        action: 'send-feedback',
        entity: 'feedback',
        entityId: id,
        after: { topic: feedback.topic },
      });
      return id;
    },

    /** False when it was handled already or does not exist. */
    async markHandled(steward: UserAccount, id: string): Promise<boolean> {
      if (!(await stores.feedback.markFeedbackHandled(id, steward.id))) return false;
      await stores.audit.recordAudit({
        user: steward,
        action: 'handle-feedback',
        entity: 'feedback',
        entityId: id,
        after: { status: 'handled' },
      });
      return true;
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedback>;
