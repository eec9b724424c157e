// GOV.UK Notify, through its official client: sends a text message from a template and reads its status.
import axios from 'axios';
import { NotifyClient } from 'notifications-node-client';
import type { NotifySettings } from '../config.js';

/** What a call to Notify came to: accepted, refused for good (a bad number, a wrong template) or worth another try. */
export type NotifyOutcome<T> = { ok: true; value: T } | { ok: false; retry: boolean; error: string };

export interface TextMessageSender {
  send(
    phoneNumber: string,
    personalisation: Record<string, string>,
    reference: string,
  ): Promise<NotifyOutcome<{ id: string }>>;
  status(notificationId: string): Promise<NotifyOutcome<{ status: string }>>;
}

interface NotifyFailure {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  message?: string;
}

/**
 * Notify's errors as outcomes. 400 is this message's own problem (a number Notify will not text, a missing
 * personalisation): trying again would not help. 403 (a wrong key), 429 and 5xx are the service's, and the
 * message waits for the next run; so does a network failure.
 */
function failure(error: unknown): { ok: false; retry: boolean; error: string } {
  const { response, message } = error as NotifyFailure;
  const said = response?.data?.errors?.map((e) => `${e.error ?? ''}: ${e.message ?? ''}`).join('; ');
  const status = response?.status;
  return {
    ok: false,
    retry: status !== 400,
    error: status
      ? `GOV.UK Notify answered ${status}${said ? ` (${said})` : ''}`
      : `GOV.UK Notify could not be reached: ${message ?? String(error)}`,
  };
}

/** How long one call to Notify may take. */
export const NOTIFY_TIMEOUT_MS = 30_000;

/** A sender over Notify, or null without NOTIFY_API_KEY (text messages then wait). */
export function createNotifySender(
  settings: NotifySettings,
  options: { timeoutMs?: number } = {},
): TextMessageSender | null {
  const { apiKey, smsTemplateId, baseUrl } = settings;
  if (!apiKey || !smsTemplateId) return null;
  const client = new NotifyClient(baseUrl, apiKey);
  // The client's own HTTP client (axios) waits for ever; one with a time limit makes a hung call a failure that the
  // next run tries again, not a job held until its own limit.
  // (The same axios, typed once as ES module and once as CommonJS.)
  client.setClient(
    axios.create({ timeout: options.timeoutMs ?? NOTIFY_TIMEOUT_MS }) as unknown as Parameters<
      typeof client.setClient
    >[0],
  );
  return {
    async send(phoneNumber, personalisation, reference) {
      try {
        const response = await client.sendSms(smsTemplateId, phoneNumber, { personalisation, reference });
        return { ok: true, value: { id: response.data.id } };
      } catch (error) {
        return failure(error);
      }
    },
    async status(notificationId) {
      try {
        const response = await client.getNotificationById(notificationId);
        return { ok: true, value: { status: response.data.status } };
      } catch (error) {
        return failure(error);
      }
    },
  };
}
