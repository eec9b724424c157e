// The steward's decisions on proposed changes and claims, and the audit log's filter.
import { z } from 'zod';
import { filledIn } from './form-state.js';

const text = z.string().catch('');

/** Approve (optionally trusting the author from now on) or reject; anything but "approve" rejects. */
export const decisionForm = z.object({
  decision: text.transform((d) => (d === 'approve' ? 'approve' : 'reject')),
  trustAuthor: text.transform((v) => v === 'yes'),
  reason: text,
});

/** A rejection needs a reason the organiser can act on. */
export const rejectionForm = z.object({
  reason: filledIn('Say why, so the organiser can put it right')
    .max(1000, 'Reason must be 1,000 characters or fewer')
    .transform((v) => v.trim()),
});

/** ?entity=&id= narrows the audit log to one thing. */
export const auditFilter = z.object({
  entity: text.transform((v) => v || undefined),
  id: text.transform((v) => v || undefined),
});

/** The parts of the review queue a steward can show; all of them unless some are chosen. */
export const QUEUE_PARTS = [
  { code: 'activities', name: 'New and changed activities' },
  { code: 'profiles', name: 'Changes to organisation profiles' },
  { code: 'organisations', name: 'New organisations' },
  { code: 'claims', name: 'Requests to manage an organisation' },
  { code: 'reports', name: 'Problem reports' },
  { code: 'feedback', name: 'Feedback' },
  { code: 'times', name: 'Times taken from descriptions' },
  { code: 'stale', name: 'Not reviewed for 6 months' },
] as const;
const QUEUE_CODES: readonly string[] = QUEUE_PARTS.map((part) => part.code);

/** ?show=claims&show=reports narrows the queue; an unknown part is ignored, and none chosen shows everything. */
export const queueFilter = z.object({
  show: z
    .union([z.string().transform((v) => [v]), z.array(z.unknown())])
    .catch([])
    .optional()
    .transform((values) =>
      (values ?? []).filter((v): v is string => typeof v === 'string' && QUEUE_CODES.includes(v)),
    ),
});
