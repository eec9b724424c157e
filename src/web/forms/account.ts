// The account forms: register, sign in, forgot password, choose a new password.
import { z } from 'zod';
import { isEmail } from '../../domain/email-address.js';
import { MIN_PASSWORD_LENGTH } from '../../services/accounts.js';

export const email = z.string().trim().min(1, 'Enter your email address').refine(isEmail, {
  message: 'Enter an email address in the correct format, like name@example.com',
});

const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'Password must be 200 characters or fewer');

const passwordsMatch = {
  path: ['confirmPassword'],
  message: 'The passwords do not match',
};

export const registrationForm = z
  .object({
    email,
    password: newPassword,
    confirmPassword: z.string(),
    organisation: z.string().trim().max(200, 'Organisation name must be 200 characters or fewer'),
  })
  .refine((v) => v.password === v.confirmPassword, passwordsMatch);

export const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address'),
  password: z.string().min(1, 'Enter your password'),
});

export const forgotPasswordForm = z.object({ email });

export const newPasswordForm = z
  .object({ password: newPassword, confirmPassword: z.string() })
  // Said only once the password itself is acceptable: one thing to fix at a time.
  .refine((v) => v.password === v.confirmPassword, {
    ...passwordsMatch,
    when: (payload) => payload.issues.length === 0,
  });
