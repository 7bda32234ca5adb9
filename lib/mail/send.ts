import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { sendJob } from "@/lib/jobs/boss";
import type { Mail } from "@/lib/mail/types";

let transport: { url: string; transporter: Transporter } | undefined;

function transporter(): Transporter {
  const { SMTP_URL } = env();
  if (transport?.url !== SMTP_URL) {
    transport = { url: SMTP_URL, transporter: nodemailer.createTransport(SMTP_URL) };
  }
  return transport.transporter;
}

export type { Mail };

/**
 * Queues one message: the mail job (lib/jobs/) sends it with sendMail, retried with backoff while
 * the SMTP server fails (MAIL_RETRY_LIMIT, MAIL_RETRY_DELAY_SECONDS). What every caller uses.
 */
export async function queueMail(mail: Mail): Promise<void> {
  await sendJob("mail", mail);
}

/** Sends one message over SMTP (SMTP_URL) from MAIL_FROM: the mail job's work. */
export async function sendMail(mail: Mail): Promise<void> {
  await transporter().sendMail({ from: env().MAIL_FROM, ...mail });
}
