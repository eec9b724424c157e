// The contact page's feedback form: anyone may send it, no account needed.
import { z } from 'zod';
import { looksLikeEmail } from '../../domain/email-address.js';
import { FEEDBACK_TOPICS, type FeedbackTopic } from '../../services/feedback.js';
import { filledIn } from './form-state.js';

export const FEEDBACK_MAX_LENGTH = 2000;

const topicCodes: readonly string[] = FEEDBACK_TOPICS.map((topic) => topic.code);

export const feedbackForm = z.object({
  topic: z
    .string()
    .refine((v): v is FeedbackTopic => topicCodes.includes(v), {
      message: 'Select what your message is about',
    })
    .transform((v) => v as FeedbackTopic),
  message: filledIn('Enter your message')
    .max(
      FEEDBACK_MAX_LENGTH,
      `Your message must be ${FEEDBACK_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`,
    )
    .transform((v) => v.trim()),
  email: z
    .string()
    .refine((v) => !v.trim() || looksLikeEmail(v.trim()), {
      message: 'Enter an email address in the correct format, like name@example.com, or leave it empty',
    })
    .max(254, 'Email address must be 254 characters or fewer')
    .transform((v) => v.trim() || null),
});
