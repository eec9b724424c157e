// Register and confirm the address, sign in and out, and reset a forgotten password.
import { Router, type Request, type Response } from 'express';
import { CONFIRM_LIFETIME_HOURS, normaliseEmail, type LinkProblem } from '../../services/accounts.js';
import type { Role } from '../../domain/account.js';
import type { Services } from '../../services/index.js';
import { forgotPasswordForm, newPasswordForm, registrationForm, signInForm } from '../forms/account.js';
import { field, formState, issuesToErrors } from '../forms/form-state.js';
import { requireSignIn, safeNext } from '../middleware/authorisation.js';
import { clientAddress, enforceLimits, refusalMessage, retryAfterSeconds } from '../middleware/rate-limit.js';
import { signInSession, signOutSession } from '../middleware/sessions.js';
import { paths } from '../paths.js';
import { timeOnDate } from '../time-wording.js';

/** Where each role starts after signing in, unless sign-in was reached from a page that asked for it. */
export function landingPage(role: Role): string {
  if (role === 'link_worker') return paths.search;
  if (role === 'steward') return paths.steward;
  return paths.manage;
}

export function accountRoutes(services: Services): Router {
  const router = Router();
  const { accounts } = services;

  const readRegistration = (req: Request) => ({
    email: field(req.body, 'email'),
    password: field(req.body, 'password'),
    confirmPassword: field(req.body, 'confirmPassword'),
    organisation: field(req.body, 'organisation'),
  });

  router.get(paths.register, (_req, res) => {
    res.render('pages/account/register', { title: 'Create an account', form: formState({}) });
  });

  router.post(paths.register, async (req, res) => {
    const typed = readRegistration(req);
    // Passwords are never sent back into the page.
    const shown = { email: typed.email, organisation: typed.organisation };
    const parsed = registrationForm.safeParse(typed);
    if (!parsed.success) {
      res.status(400).render('pages/account/register', {
        title: 'Error: Create an account',
        form: formState(shown, issuesToErrors(parsed.error)),
      });
      return;
    }
    await enforceLimits(services, {
      registerAddress: clientAddress(req),
      registerEmail: normaliseEmail(parsed.data.email),
    });
    // The same page whether or not the address already has an account: the mail says which.
    await accounts.register({
      email: parsed.data.email,
      password: parsed.data.password,
      organisationName: parsed.data.organisation || null,
    });
    res.render('pages/account/register-sent', {
      title: 'Check your email',
      email: parsed.data.email,
      hours: CONFIRM_LIFETIME_HOURS,
    });
  });

  const confirmProblem = (reason: LinkProblem) =>
    reason === 'expired'
      ? `This link has expired. Links to confirm an address work for ${CONFIRM_LIFETIME_HOURS} hours: sign in and press "Send the link again".`
      : reason === 'used'
        ? 'This link has already been used. If your address is not confirmed yet, sign in and press "Send the link again".'
        : 'This link is not valid. Check you copied the whole link from the email.';

  // Opening the link shows a button: a mail scanner that follows links cannot confirm an address by itself.
  router.get(paths.confirmEmailPattern, (req, res) => {
    const token = String(req.params.token);
    const check = accounts.checkConfirmLink(token);
    res.status(check.valid ? 200 : 400).render('pages/account/confirm-email', {
      title: 'Confirm your email address',
      problem: check.valid ? null : confirmProblem(check.reason),
      action: paths.confirmEmail(token),
    });
  });

  router.post(paths.confirmEmailPattern, async (req, res) => {
    const result = await accounts.confirmEmail(String(req.params.token));
    if (!result.ok) {
      res.status(400).render('pages/account/confirm-email', {
        title: 'Confirm your email address',
        problem: confirmProblem(result.reason),
      });
      return;
    }
    const signedIn = req.user?.id === result.user.id;
    req.session.flash = signedIn
      ? 'Thank you: your email address is confirmed.'
      : 'Thank you: your email address is confirmed. Sign in to carry on.';
    res.redirect(signedIn ? paths.manage : paths.signIn);
  });

  router.post(paths.resendConfirmation, requireSignIn, async (req, res) => {
    const user = req.user!;
    await enforceLimits(services, { confirmEmailAccount: user.id });
    const sent = await accounts.resendConfirmLink(user);
    req.session.flash = sent
      ? `We have sent a new link to ${user.email}. It works for ${CONFIRM_LIFETIME_HOURS} hours.`
      : 'Your email address is already confirmed.';
    res.redirect(paths.manage);
  });

  router.get(paths.signIn, (req, res) => {
    res.render('pages/account/sign-in', {
      title: 'Sign in',
      form: formState({ next: safeNext(req.query.next) ?? '' }),
    });
  });

  router.post(paths.signIn, async (req, res) => {
    const typed = { email: field(req.body, 'email'), next: safeNext(field(req.body, 'next')) ?? '' };
    const password = field(req.body, 'password');
    const parsed = signInForm.safeParse({ email: typed.email, password });
    const errors = parsed.success ? [] : issuesToErrors(parsed.error);
    if (parsed.success) {
      const result = await accounts.signIn(typed.email, password, clientAddress(req));
      if (result.ok) {
        await signInSession(req, result.user.id, result.user.credentialVersion);
        res.redirect(typed.next || landingPage(result.user.role));
        return;
      }
      if (result.reason === 'locked') {
        errors.push({
          field: 'email',
          message: refusalMessage(result, 'Or reset your password, which lets you sign in straight away.'),
        });
        res.status(429).set('Retry-After', String(retryAfterSeconds(result)));
      } else {
        errors.push({ field: 'email', message: 'The email address or password is not right' });
        res.status(400);
      }
    } else res.status(400);
    res.render('pages/account/sign-in', { title: 'Error: Sign in', form: formState(typed, errors) });
  });

  router.post(paths.signOut, async (req, res) => {
    await signOutSession(req);
    req.session.flash = 'You have signed out.';
    res.redirect(paths.home);
  });

  router.get(paths.forgotPassword, (_req, res) => {
    res.render('pages/account/forgot-password', { title: 'Reset your password', form: formState({}) });
  });

  router.post(paths.forgotPassword, async (req, res) => {
    const typed = { email: field(req.body, 'email') };
    const parsed = forgotPasswordForm.safeParse(typed);
    if (!parsed.success) {
      res.status(400).render('pages/account/forgot-password', {
        title: 'Error: Reset your password',
        // One message: an empty address is not also told its format is wrong.
        form: formState(typed, issuesToErrors(parsed.error).slice(0, 1)),
      });
      return;
    }
    const address = parsed.data.email;
    await enforceLimits(services, {
      passwordResetAddress: clientAddress(req),
      passwordResetEmail: normaliseEmail(address),
    });
    await accounts.requestPasswordReset(address);
    res.render('pages/account/reset-sent', { title: 'Check your email', email: address });
  });

  // A reset link that no longer works says so as soon as it is opened, and what to do next: no form to fill in.
  const resetLinkProblem = (reason: LinkProblem, usedAt: Date | null = null) =>
    reason === 'expired'
      ? {
          heading: 'This link has expired',
          text: 'Links to reset a password work for one hour. Ask for a new link: we will email it to you.',
        }
      : reason === 'used'
        ? {
            heading: 'This link has already been used',
            text: usedAt
              ? `It was used at ${timeOnDate(usedAt)} to change the password, and each link works once. If you need to reset your password again, ask for a new link.`
              : 'This link no longer works: the password has been changed since it was sent. If you need to reset your password again, ask for a new link.',
          }
        : {
            heading: 'This link is not valid',
            text: 'Check you copied the whole link from the email, or ask for a new link.',
          };

  const renderResetProblem = (res: Response, reason: LinkProblem, usedAt: Date | null = null) => {
    const problem = resetLinkProblem(reason, usedAt);
    res.status(400).render('pages/account/reset-password', { title: problem.heading, problem });
  };

  router.get(paths.resetPasswordPattern, async (req, res) => {
    const token = String(req.params.token);
    const check = await accounts.checkResetToken(token);
    if (!check.ok) return renderResetProblem(res, check.reason, check.usedAt);
    res.render('pages/account/reset-password', {
      title: 'Choose a new password',
      action: paths.resetPassword(token),
      form: formState({}),
    });
  });

  router.post(paths.resetPasswordPattern, async (req, res) => {
    const token = String(req.params.token);
    // A link used or expired since the form was opened says so, rather than asking to fix what was typed.
    const check = await accounts.checkResetToken(token);
    if (!check.ok) return renderResetProblem(res, check.reason, check.usedAt);
    const parsed = newPasswordForm.safeParse({
      password: field(req.body, 'password'),
      confirmPassword: field(req.body, 'confirmPassword'),
    });
    if (!parsed.success) {
      res.status(400).render('pages/account/reset-password', {
        title: 'Error: Choose a new password',
        action: paths.resetPassword(token),
        form: formState({}, issuesToErrors(parsed.error)),
      });
      return;
    }
    const result = await accounts.resetPassword(token, parsed.data.password);
    if (!result.ok) return renderResetProblem(res, result.reason);
    await signInSession(req, result.user.id, result.user.credentialVersion);
    req.session.flash =
      'Your password has been changed. Any other place signed in to your account is signed out.';
    res.redirect(paths.account);
  });

  router.get(paths.account, requireSignIn, async (req, res) => {
    const user = req.user!;
    res.render('pages/account/account', {
      title: 'Your account',
      account: user,
      organisations: await accounts.memberships(user.id),
    });
  });

  return router;
}
