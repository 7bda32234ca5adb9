import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

let transport: { url: string; transporter: Transporter } | undefined;

function transporter(): Transporter {
  const { SMTP_URL } = env();
  if (transport?.url !== SMTP_URL) {
    transport = { url: SMTP_URL, transporter: nodemailer.createTransport(SMTP_URL) };
  }
  return transport.transporter;
}

export interface Mail {
  to: string;
  subject: string;
  /** Plain text: short, and no secret beyond the one-time link it carries. */
  text: string;
}

/** Sends one message over SMTP (SMTP_URL) from MAIL_FROM. */
export async function sendMail(mail: Mail): Promise<void> {
  await transporter().sendMail({ from: env().MAIL_FROM, ...mail });
}
