// Sends mail: always recorded in mail_outbox first, then delivered over SMTP when SMTP_URL is set.
import nodemailer from 'nodemailer';
import type { Stores } from '../db/stores.js';
import { logger } from '../logger.js';

export interface MailSettings {
  smtpUrl: string | null;
  mailFrom: string;
}

export function createMailer(stores: Pick<Stores, 'mail'>, settings: MailSettings) {
  const transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null;
  return {
    /** Records the mail and sends it when SMTP is set; its id in the outbox. */
    async send(to: string, subject: string, body: string): Promise<string> {
      const id = await stores.mail.insertMail(to, subject, body);
      if (!transport) {
        logger.info({ mailId: id, subject }, 'mail kept in the development mailbox (SMTP_URL is not set)');
        return id;
      }
      try {
        await transport.sendMail({ from: settings.mailFrom, to, subject, text: body });
        await stores.mail.markMailSent(id, null);
      } catch (error) {
        // The message stays in the outbox with its error, so an operator can see and resend it.
        logger.error({ err: error, mailId: id }, 'could not send mail');
        await stores.mail.markMailSent(id, String((error as Error).message));
      }
      return id;
    },
    mailbox: (limit?: number) => stores.mail.recentMail(limit),
    smtpConfigured: transport !== null,
  };
}

export type Mailer = ReturnType<typeof createMailer>;
