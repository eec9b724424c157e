// "Send it to the person": an email address or UK mobile number, and the link worker's word that the person agreed.
import { z } from 'zod';
import { readRecipient } from '../../domain/handout-message.js';
import { choiceItems } from './form-state.js';

/** Which page the form was on, to show it again there. */
export const SEND_FROM = ['shortlist', 'handout'] as const;
export type SendFrom = (typeof SEND_FROM)[number];

export const sendHandoutForm = z.object({
  recipient: z.string().transform((typed, ctx) => {
    const read = readRecipient(typed);
    if (read.ok) return read.recipient;
    ctx.addIssue({ code: 'custom', message: read.message });
    return z.NEVER;
  }),
  consent: z.string().refine((v) => v === 'yes', {
    message: 'Select “The person has agreed to receive this” once they have said they want it',
  }),
});

/** The one consent box, ticked again when the form comes back with another problem. */
export const consentItems = (consent: string) =>
  choiceItems('consent', [{ code: 'yes', name: 'The person has agreed to receive this' }], [consent]);

/** Where the error summary's consent link goes: the box itself. */
export const SEND_TARGETS = { consent: '#consent-yes' };
