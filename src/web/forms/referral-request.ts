// The referral loop's forms: the link worker's "someone would like to come", the group's answer, and the group's
// setting to take referrals.
import { z } from 'zod';
import { isEmail } from '../../domain/email-address.js';
import {
  CONTACT_METHODS,
  FIRST_NAME_MAX,
  GROUP_STATUSES,
  NEEDS_REASON,
  REASON_MAX,
  REFERRAL_STATUSES,
  SUPPORT_MAX,
  type ReferralStatus,
} from '../../domain/referral-request.js';
import { choiceItems, filledIn } from './form-state.js';

const METHOD_CODES = CONTACT_METHODS.map((m) => m.code) as [string, ...string[]];
const UK_PHONE = /^\+?[\d\s()-]+$/;

const phoneDigits = (value: string) => value.replace(/\D/g, '').length;

export const referForm = z
  .object({
    firstName: filledIn('Enter the person’s first name').pipe(
      z
        .string()
        .transform((v) => v.trim())
        .refine(
          (v) => v.length <= FIRST_NAME_MAX,
          `First name must be ${FIRST_NAME_MAX} characters or fewer`,
        ),
    ),
    contactMethod: z.enum(METHOD_CODES, { message: 'Select how the person would like to be contacted' }),
    contactDetail: z.string().transform((v) => v.trim()),
    support: z
      .string()
      .transform((v) => v.trim())
      .refine((v) => v.length <= SUPPORT_MAX, `Support needed must be ${SUPPORT_MAX} characters or fewer`),
    consent: z.string().refine((v) => v === 'yes', {
      message: 'Select “The person has agreed” once you have read them the words and they agree',
    }),
  })
  .superRefine((form, ctx) => {
    const detail = form.contactDetail;
    if (form.contactMethod === 'email') {
      if (!detail)
        ctx.addIssue({ code: 'custom', path: ['contactDetail'], message: 'Enter their email address' });
      else if (!isEmail(detail))
        ctx.addIssue({
          code: 'custom',
          path: ['contactDetail'],
          message: 'Enter an email address in the correct format, like name@example.com',
        });
    } else if (form.contactMethod) {
      const what = form.contactMethod === 'text' ? 'mobile number' : 'phone number';
      if (!detail) ctx.addIssue({ code: 'custom', path: ['contactDetail'], message: `Enter their ${what}` });
      else if (!UK_PHONE.test(detail) || phoneDigits(detail) < 10 || phoneDigits(detail) > 13)
        ctx.addIssue({
          code: 'custom',
          path: ['contactDetail'],
          message: `Enter a ${what} like 01632 960 001 or 07700 900 982`,
        });
    }
  })
  .transform((form) => ({
    firstName: form.firstName,
    contactMethod: form.contactMethod as (typeof CONTACT_METHODS)[number]['code'],
    contactDetail: form.contactDetail,
    support: form.support || null,
  }));

export const contactMethodItems = (chosen: string) => choiceItems('contactMethod', CONTACT_METHODS, [chosen]);

export const consentItems = (consent: string) =>
  choiceItems('consent', [{ code: 'yes', name: 'The person has agreed' }], [consent]);

export const REFER_TARGETS = { contactMethod: '#contactMethod-phone', consent: '#consent-yes' };

export const statusForm = z
  .object({
    status: z.enum(GROUP_STATUSES as [ReferralStatus, ...ReferralStatus[]], {
      message: 'Select what has happened',
    }),
    reason: z
      .string()
      .transform((v) => v.trim())
      .refine((v) => v.length <= REASON_MAX, `The reason must be ${REASON_MAX} characters or fewer`),
  })
  .superRefine((form, ctx) => {
    if (NEEDS_REASON.includes(form.status) && !form.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `Give the reason for “${REFERRAL_STATUSES[form.status].label}”, so the link worker can help the person another way`,
      });
  });

export const statusItems = (chosen: string) =>
  choiceItems(
    'status',
    GROUP_STATUSES.map((code) => ({ code, name: REFERRAL_STATUSES[code].label })),
    [chosen],
  );

export const STATUS_TARGETS = { status: `#status-${GROUP_STATUSES[0]}` };

export const settingsForm = z
  .object({
    takeReferrals: z.enum(['yes', 'no'], { message: 'Select whether your group takes referrals' }),
    notifyEmail: z.string().transform((v) => v.trim()),
  })
  .superRefine((form, ctx) => {
    if (form.takeReferrals !== 'yes') return;
    if (!form.notifyEmail)
      ctx.addIssue({
        code: 'custom',
        path: ['notifyEmail'],
        message: 'Enter the email address to tell of new referrals',
      });
    else if (!isEmail(form.notifyEmail))
      ctx.addIssue({
        code: 'custom',
        path: ['notifyEmail'],
        message: 'Enter an email address in the correct format, like name@example.com',
      });
  })
  .transform((form) => (form.takeReferrals === 'yes' ? form.notifyEmail : null));

export const takeReferralItems = (chosen: string) =>
  choiceItems(
    'takeReferrals',
    [
      { code: 'yes', name: 'Yes, link workers can send us referrals' },
      { code: 'no', name: 'No' },
    ],
    [chosen],
  );

export const SETTINGS_TARGETS = { takeReferrals: '#takeReferrals-yes' };
